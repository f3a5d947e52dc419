using System.Text.Json.Nodes;

namespace Training.Integrations.Tests.Golden;

/// <summary>
/// The case's parameters (<c>weight</c>, <c>bias</c>) as leaf tensors of the case's dtype, its parameter groups
/// (names replaced by these tensors, constructor kwargs merged in as group defaults the way a PyTorch optimizer's
/// <c>defaults</c> fill every group), and the per-step gradients.
/// </summary>
public sealed class CaseParameters : IDisposable
{
    private readonly IntegrationCase testCase;

    /// <summary>Creates the parameters of <paramref name="testCase"/> from its problem's initial values.</summary>
    public CaseParameters(IntegrationCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        this.testCase = testCase;
        var problem = testCase.Problem;
        Weight = Leaf(problem.Initial("weight"), problem.WeightShape, testCase.ParamDtype);
        Bias = Leaf(problem.Initial("bias"), problem.BiasShape, testCase.ParamDtype);
    }

    /// <summary>The weight.</summary>
    public Tensor Weight { get; }

    /// <summary>The bias.</summary>
    public Tensor Bias { get; }

    /// <summary>Both, in the order the reference model declares them (weight, bias).</summary>
    public IReadOnlyList<(string Name, Tensor Parameter)> Named => [("weight", Weight), ("bias", Bias)];

    /// <summary>A parameter by its golden name.</summary>
    public Tensor this[string name] => name switch
    {
        "weight" => Weight,
        "bias" => Bias,
        _ => throw new KeyNotFoundException($"case {testCase.Name}: no parameter '{name}'"),
    };

    /// <summary>
    /// The case's groups with tensors; every group gets the constructor kwargs it does not set itself
    /// (<paramref name="exceptKeys"/> are left out, e.g. kwargs a runner passes another way).
    /// </summary>
    public IReadOnlyList<ParamGroup> Groups(params string[] exceptKeys)
    {
        var groups = testCase.ParamGroups ?? throw new InvalidDataException($"case {testCase.Name} has no param_groups");
        var kwargs = testCase.CtorKwargs;
        return groups.Select(g =>
        {
            var node = g!.AsObject();
            var options = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in node)
                if (key != "params") options[key] = CaseValues.Value(value);
            foreach (var (key, value) in kwargs)
                if (!options.ContainsKey(key) && !exceptKeys.Contains(key)) options[key] = value;
            var parameters = node["params"]!.AsArray().Select(n => this[(string)n!]).ToList();
            return new ParamGroup(parameters, options);
        }).ToList();
    }

    /// <summary>Assigns the gradients of step <paramref name="step"/> (1-based), fresh tensors as the harness did.</summary>
    public void SetGradients(int step)
    {
        var gradients = testCase.Problem.Gradients[step - 1];
        foreach (var (name, parameter) in Named)
        {
            using var g = Gradient(gradients, name, parameter);
            parameter.grad = g;
        }
    }

    /// <summary>The gradient of <paramref name="name"/> at step <paramref name="step"/> in the parameter's dtype.</summary>
    public Tensor Gradient(int step, string name) => Gradient(testCase.Problem.Gradients[step - 1], name, this[name]);

    /// <summary>
    /// A loss whose gradient is exactly the stored one: Σ p·g over both parameters (∂/∂p = g), for optimizers
    /// that need a real backward pass (LOMO, layer-wise hooks).
    /// </summary>
    public Tensor LinearLoss(int step)
    {
        using var scope = torch.NewDisposeScope();
        var loss = Weight.mul(Gradient(step, "weight")).sum().add(Bias.mul(Gradient(step, "bias")).sum());
        return loss.MoveToOuterDisposeScope();
    }

    private static Tensor Gradient(JsonObject gradients, string name, Tensor parameter) =>
        torch.tensor(GoldenFiles.Flatten(gradients[name]), parameter.shape, parameter.dtype);

    private static Tensor Leaf(double[] values, long[] shape, ScalarType dtype) =>
        torch.tensor(values, shape, dtype).requires_grad_().DetachFromDisposeScope();

    /// <summary>Releases both parameters.</summary>
    public void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
    }
}
