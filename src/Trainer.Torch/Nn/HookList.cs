namespace Training.Torch.Modules;

/// <summary>The forward hooks of one module, in registration order.</summary>
internal sealed class HookList<THook>
    where THook : Delegate
{
    private readonly List<THook> hooks = [];

    public bool IsEmpty => hooks.Count == 0;

    public RemovableHandle Add(THook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        hooks.Add(hook);
        return new RemovableHandle(() => hooks.Remove(hook));
    }

    // A snapshot, so a hook may remove itself (or others) while the hooks run.
    public THook[] Snapshot() => hooks.ToArray();
}
