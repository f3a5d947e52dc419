namespace Training.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope, and disposes them
/// when it is disposed (TorchSharp's <c>torch.NewDisposeScope()</c>). Scopes nest per thread; a tensor
/// that must outlive the scope is moved out with <see cref="MoveToOuter{T}(T)"/> or detached.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly HashSet<Tensor> tensors = new(ReferenceEqualityComparer.Instance);
    private bool disposed;

    internal DisposeScope()
    {
        Outer = current;
        current = this;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static DisposeScope? Current => current;

    /// <summary>The scope that was innermost when this one was opened.</summary>
    public DisposeScope? Outer { get; private set; }

    /// <summary>How many tensors this scope will dispose.</summary>
    public int Count => tensors.Count;

    /// <summary>True once disposed.</summary>
    public bool IsDisposed => disposed;

    internal static void RegisterWithCurrent(Tensor tensor)
    {
        var scope = current;
        if (scope is null) return;
        scope.tensors.Add(tensor);
        tensor.OwningScope = scope;
    }

    internal void Remove(Tensor tensor) => tensors.Remove(tensor);

    /// <summary>Adds a tensor created elsewhere to this scope (it leaves its previous scope).</summary>
    public T Include<T>(T tensor) where T : Tensor
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.OwningScope?.Remove(tensor);
        tensors.Add(tensor);
        tensor.OwningScope = this;
        return tensor;
    }

    /// <summary>Moves a tensor to the enclosing scope (or out of every scope when this is the outermost).</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Remove(tensor);
        tensor.OwningScope = null;
        if (Outer is not null) Outer.Include(tensor);
        return tensor;
    }

    /// <summary>Moves several tensors to the enclosing scope.</summary>
    public void MoveToOuter(IEnumerable<Tensor> moved)
    {
        ArgumentNullException.ThrowIfNull(moved);
        foreach (var tensor in moved) MoveToOuter(tensor);
    }

    /// <summary>Removes tensors from every scope: the caller now owns them.</summary>
    public void Detach(params Tensor[] detached)
    {
        ArgumentNullException.ThrowIfNull(detached);
        foreach (var tensor in detached)
        {
            Remove(tensor);
            tensor.OwningScope = null;
        }
    }

    /// <summary>Disposes every tensor of this scope except <paramref name="kept"/>, which stay in it.</summary>
    public void DisposeEverythingBut(params Tensor[] kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var keep = new HashSet<Tensor>(kept, ReferenceEqualityComparer.Instance);
        foreach (var tensor in tensors.Where(t => !keep.Contains(t)).ToList()) tensor.Dispose();
    }

    /// <summary>Disposes every tensor still in the scope and closes it.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        // Unlink first, so tensors disposed below cannot re-register here. A scope disposed out of
        // order (an inner one still open) is cut out of the chain rather than corrupting it.
        if (ReferenceEquals(current, this))
        {
            current = Outer;
        }
        else
        {
            for (var scope = current; scope is not null; scope = scope.Outer)
            {
                if (ReferenceEquals(scope.Outer, this))
                {
                    scope.Outer = Outer;
                    break;
                }
            }
        }

        var owned = tensors.ToArray();
        tensors.Clear();
        foreach (var tensor in owned)
        {
            tensor.OwningScope = null;
            tensor.Dispose();
        }
    }
}
