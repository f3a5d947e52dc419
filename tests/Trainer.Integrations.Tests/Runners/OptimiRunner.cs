using System.Text.Json.Nodes;
using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Runners;

/// <summary>optimi's StableAdamW (fp32, decouple_lr, bf16 with Kahan summation).</summary>
public sealed class OptimiRunner : IGoldenCaseRunner
{
    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) => testCase.Repository == "warner-benjamin/optimi" && testCase.Class == "StableAdamW";

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var options = Options(testCase.CtorKwargs);
        if (testCase.Steps.Count == 0)
        {
            StandardReplay.Run(testCase, p => new StableAdamW(p.Groups([.. testCase.CtorKwargs.Keys]), options));
            return;
        }

        using var scope = torch.NewDisposeScope();
        using var parameters = new CaseParameters(testCase);
        // The constructor kwargs go through the options (so max_lr resolves as upstream's constructor does);
        // the groups keep only their own keys.
        using var optimizer = new StableAdamW(parameters.Groups([.. testCase.CtorKwargs.Keys]), options);
        foreach (var record in testCase.Steps)
        {
            var step = (int)record["step"]!;
            parameters.SetGradients(step);
            optimizer.Step();
            var what = $"{testCase.Name} step {step}";
            CaseAssert.Parameters(parameters, record, what);
            NullableState.Assert(record, name => optimizer.GetState(parameters[name]), what);
        }
    }

    /// <summary>StableAdamW's options from the case's constructor kwargs.</summary>
    public static StableAdamWOptions Options(IReadOnlyDictionary<string, object?> kwargs)
    {
        ArgumentNullException.ThrowIfNull(kwargs);
        var betas = kwargs.GetValueOrDefault("betas") as double[] ?? [0.9, 0.99];
        return new StableAdamWOptions
        {
            LearningRate = (double)kwargs["lr"]!,
            Beta1 = betas[0],
            Beta2 = betas[1],
            Eps = kwargs.GetValueOrDefault("eps") as double? ?? 1e-6,
            WeightDecay = kwargs.GetValueOrDefault("weight_decay") as double? ?? 1e-2,
            DecoupleLr = kwargs.GetValueOrDefault("decouple_lr") as bool? ?? false,
            MaxLr = kwargs.GetValueOrDefault("max_lr") as double?,
            KahanSum = kwargs.GetValueOrDefault("kahan_sum") as bool?,
        };
    }
}

/// <summary>
/// State comparison for references that record an entry as None (optimi's <c>kahan_comp</c> for fp32 params):
/// such an entry must be absent from our state; every other entry goes through <see cref="CaseAssert.State"/>.
/// </summary>
public static class NullableState
{
    /// <summary>Asserts the record's state against <paramref name="stateOf"/>.</summary>
    public static void Assert(JsonObject record, Func<string, ParameterState?> stateOf, string what)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stateOf);
        if (record["state"] is not JsonObject state) return;
        var present = new JsonObject();
        foreach (var (key, value) in state)
        {
            if (value is not null)
            {
                present[key] = value.DeepClone();
                continue;
            }

            var dot = key.LastIndexOf('.');
            var parameterState = stateOf(key[(dot + 1)..]);
            NUnit.Framework.Assert.That(parameterState?.Contains(key[..dot]) ?? false, Is.False, $"{what}: '{key}' is None upstream but present here");
        }

        CaseAssert.State(new JsonObject { ["state"] = present }, stateOf, what);
    }
}
