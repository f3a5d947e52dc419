using NUnit.Framework;
using TorchSharp;
using Training.Optim;
using Training.TorchExtensions.Autograd;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Testing.Contract;

/// <summary>
/// The one contract every optimizer registry entry keeps, one test per check and entry (each check in its own file).
/// A test project derives a fixture that names its registry and declares a static <c>Entries()</c> case source built
/// with <see cref="ContractEntries"/> over the registry's names; <see cref="EveryRegisteredNameIsCovered"/> fails when
/// the registry holds a name the source lacks. Where a check does not apply to an entry, the check asserts the
/// documented refusal or behaviour instead (nothing is skipped).
/// </summary>
[NonParallelizable]
public abstract partial class OptimizerContract
{
    /// <summary>The name of the static case source every derived fixture declares.</summary>
    protected const string Cases = "Entries";

    /// <summary>The learning rate of every check (the groups' own rates derive from it).</summary>
    protected const double LearningRate = 0.01;

    /// <summary>The registry the entries are built from (as the Trainer's DI registers it).</summary>
    protected abstract IOptimizerRegistry Registry { get; }

    /// <summary>The entries the case source covers (the same list).</summary>
    protected abstract IReadOnlyList<ContractEntry> CoveredEntries { get; }

    /// <summary>The covered names are exactly the registry's: a new entry cannot be left out of the contract.</summary>
    [Test]
    public void EveryRegisteredNameIsCovered()
    {
        var covered = CoveredEntries.Select(e => e.Name).ToList();
        Assert.That(covered, Is.Unique);
        Assert.That(covered, Is.EquivalentTo(Registry.Descriptors.Select(d => d.Name)));
    }

    /// <summary>The entry's optimizer for <paramref name="problem"/>, built through the registry from the Trainer's request.</summary>
    protected Optimizer Create(ContractEntry entry, ContractProblem problem, double learningRate = LearningRate, string optimArgs = "")
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(problem);
        return Registry.Create(entry.Name, problem.Request(learningRate, optimArgs));
    }

    /// <summary>
    /// Asserts that the Trainer refuses gradient accumulation with <paramref name="entry"/>, which updates inside
    /// backward. A project that can build the Trainer overrides this; the default fails, so no entry passes unchecked.
    /// </summary>
    protected virtual void AssertAccumulationRefused(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Assert.Fail($"{entry.Name} updates inside backward; this project cannot check the Trainer's refusal of accumulation (override {nameof(AssertAccumulationRefused)})");
    }

    /// <summary>The state <paramref name="optimizer"/> holds for the parameter <paramref name="parameter"/> (any wrapper of it).</summary>
    protected static ParameterState? StateOf(Optimizer optimizer, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var identity = TensorIdentity.Of(parameter);
        var own = optimizer.Parameters.FirstOrDefault(p => TensorIdentity.Of(p) == identity)
                  ?? throw new ArgumentException("the tensor is not a parameter of the optimizer", nameof(parameter));
        return optimizer.GetState(own);
    }

    /// <summary>The number of tensors in the optimizer's per-parameter state.</summary>
    protected static int StateTensorCount(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return optimizer.Parameters.Sum(p => optimizer.GetState(p)?.Entries.Count(e => e.Value is Tensor) ?? 0);
    }

    /// <summary>The largest absolute element of a difference, as a double.</summary>
    protected static double MaxAbs(Tensor difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        using var scope = torch.NewDisposeScope();
        return difference.numel() == 0 ? 0 : difference.abs().max().ReadDouble();
    }
}
