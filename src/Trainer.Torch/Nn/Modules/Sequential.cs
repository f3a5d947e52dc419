using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>
/// A chain of modules: <see cref="forward"/> feeds each one's output to the next. Children are named "0", "1", ...
/// unless names are given.
/// </summary>
public sealed class Sequential : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> layers = [];

    /// <summary>An empty chain (the identity) to <see cref="append(nn.Module{Tensor, Tensor})"/> to.</summary>
    public Sequential()
        : base(nameof(Sequential))
    {
    }

    /// <summary>Chains <paramref name="modules"/>, named by position.</summary>
    public Sequential(params nn.Module<Tensor, Tensor>[] modules)
        : base(nameof(Sequential))
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules) append(module);
    }

    /// <summary>Chains named modules.</summary>
    public Sequential(params (string name, nn.Module<Tensor, Tensor> module)[] modules)
        : base(nameof(Sequential))
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var (name, module) in modules) append(name, module);
    }

    /// <summary>The number of modules.</summary>
    public int Count => layers.Count;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public nn.Module<Tensor, Tensor> this[int index] => layers[index];

    /// <summary>Appends a module named by its position.</summary>
    public Sequential append(nn.Module<Tensor, Tensor> module) => append(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

    /// <summary>Appends a named module.</summary>
    public Sequential append(string name, nn.Module<Tensor, Tensor> module)
    {
        ArgumentNullException.ThrowIfNull(module);
        register_module(name, module);
        layers.Add(module);
        return this;
    }

    /// <summary>Runs the modules in order; an empty chain returns (an alias of) its input.</summary>
    public override Tensor forward(Tensor input)
    {
        if (layers.Count == 0) return input.alias();
        var x = input;
        foreach (var layer in layers) x = layer.call(x);
        return x;
    }
}
