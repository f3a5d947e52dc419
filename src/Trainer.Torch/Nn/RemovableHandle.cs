namespace Training.Torch.Modules;

/// <summary>Removes a registered forward hook (PyTorch's <c>RemovableHandle</c>); disposing it does the same.</summary>
public sealed class RemovableHandle : IDisposable
{
    private Action? onRemove;

    internal RemovableHandle(Action onRemove) => this.onRemove = onRemove;

    /// <summary>Removes the hook (once; later calls do nothing).</summary>
    public void remove() => Interlocked.Exchange(ref onRemove, null)?.Invoke();

    /// <summary>Same as <see cref="remove"/>.</summary>
    public void Dispose() => remove();
}
