namespace Training.Optim;

/// <summary>An ordered list of hooks whose registrations are removed by disposing them.</summary>
internal sealed class HookList<THook> where THook : class
{
    private readonly List<THook> hooks = [];

    public IDisposable Add(THook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        hooks.Add(hook);
        return new Registration(this, hook);
    }

    // A copy, so a hook may remove itself (or others) while running.
    public void Invoke(Action<THook> call)
    {
        if (hooks.Count == 0) return;
        foreach (var hook in hooks.ToArray()) call(hook);
    }

    private sealed class Registration(HookList<THook> owner, THook hook) : IDisposable
    {
        private bool removed;

        public void Dispose()
        {
            if (removed) return;
            removed = true;
            owner.hooks.Remove(hook);
        }
    }
}
