namespace Training.TorchExtensions.Autograd;

/// <summary>One gated call of a module: its gate node reports here when its backward runs.</summary>
internal sealed class GateToken(ModuleGate owner, long generation)
{
    /// <summary>The module's gate state.</summary>
    public ModuleGate Owner { get; } = owner;

    /// <summary>The registration generation the call belongs to (see <see cref="ModuleGate"/>).</summary>
    public long Generation { get; } = generation;

    /// <summary>The backward pass (registration counter) in which this gate last fired.</summary>
    public long FiredInPass { get; set; } = -1;

    /// <summary>Called from the gate's backward.</summary>
    public void Fired() => Owner.OnGateFired(this);
}
