namespace Training.TorchExtensions.Autograd;

/// <summary>
/// A per-parameter "gradient ready" callback over a model (see <see cref="GradientReadyHooks.Register"/>). Run the
/// backward pass with <see cref="Backward"/>: the callback runs once per parameter and pass, inside backward for
/// <see cref="EarlyParameters"/> whose module was gated, and after backward for every parameter not yet handled.
/// Disposing removes the module hooks; a later plain <c>loss.backward()</c> then runs no callback.
/// </summary>
public sealed class GradientReadyRegistration : IDisposable
{
    private readonly IReadOnlyList<Tensor> parameters;
    private readonly Action<int> onReady;
    private readonly List<Action> removers = [];
    private readonly List<ModuleGate> gates = [];
    private readonly long[] handledInPass;
    private long passes;
    private bool disposed;

    internal GradientReadyRegistration(nn.Module? model, IReadOnlyList<Tensor> parameters, Action<int> onReady)
    {
        this.parameters = parameters;
        this.onReady = onReady;
        handledInPass = Enumerable.Repeat(-1L, parameters.Count).ToArray();
        var owners = model is null ? new nn.Module?[parameters.Count] : ParameterOwners.Find(model, parameters);
        var early = new List<Tensor>();
        try
        {
            foreach (var group in Enumerable.Range(0, parameters.Count).Where(i => owners[i] is not null)
                         .GroupBy(i => owners[i]!, ReferenceEqualityComparer.Instance))
            {
                var indices = group.ToList();
                var gate = new ModuleGate(this, indices);
                var remove = ModuleInputHooks.TryInstall((nn.Module)group.Key!, gate.OnCall);
                if (remove is null) continue;
                removers.Add(remove);
                gates.Add(gate);
                early.AddRange(indices.Select(i => parameters[i]));
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        EarlyParameters = parameters.Where(p => early.Contains(p)).ToList();
        LateParameters = parameters.Where(p => !early.Contains(p)).ToList();
    }

    /// <summary>
    /// Parameters whose module is gated: handled inside backward when every call of their module in the forward
    /// had an input that requires grad (otherwise after backward, like <see cref="LateParameters"/>).
    /// </summary>
    public IReadOnlyList<Tensor> EarlyParameters { get; }

    /// <summary>
    /// Parameters always handled after backward: registered by several modules (tied weights) or by none, or owned by
    /// a module whose forward does not take a single tensor.
    /// </summary>
    public IReadOnlyList<Tensor> LateParameters { get; }

    /// <summary>True once disposed.</summary>
    public bool IsDisposed => disposed;

    /// <summary>Carries exceptions thrown by callbacks inside backward out of libtorch.</summary>
    internal BackwardErrorTrap Trap { get; } = new();

    /// <summary>Guards the gate bookkeeping (gates may fire on libtorch's device threads).</summary>
    internal Lock Sync { get; } = new();

    /// <summary>Counts completed graph releases; a gate token of an older generation belongs to an older graph.</summary>
    internal long Generation { get; private set; }

    /// <summary>The pass running in <see cref="Backward"/>, or -1 outside it (a plain backward runs no callback).</summary>
    internal long ActivePass { get; private set; } = -1;

    /// <summary>
    /// Runs <c>loss.backward()</c>, calling the callback inside it for each early parameter as soon as its module's
    /// gradients are accumulated, then for every parameter not handled yet, in registration order. An exception
    /// thrown by a callback inside backward fails the pass and is rethrown here as itself; the registration stays
    /// usable. Tensors created during the pass on this thread are disposed when it returns unless detached from the
    /// dispose scope (on CUDA, callbacks inside backward may run on libtorch's device thread, outside any scope).
    /// </summary>
    /// <param name="loss">The tensor to differentiate.</param>
    /// <param name="retainGraph">Keep the graph for another backward over it (its gated calls stay known).</param>
    public void Backward(Tensor loss, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ObjectDisposedException.ThrowIf(disposed, this);
        lock (Sync)
        {
            if (ActivePass >= 0) throw new InvalidOperationException("Backward was called from inside a gradient-ready callback");
            ActivePass = passes++;
        }

        var released = !retainGraph;
        try
        {
            // The engine's gradient wrappers handed to the gates land in this scope and are freed with it.
            using var scope = NewDisposeScope();
            Trap.Backward(loss, retainGraph);
            for (var i = 0; i < parameters.Count; i++) RunCallback(i);
        }
        catch
        {
            // After a failed pass the graph is unusable: the next forward starts afresh.
            released = true;
            throw;
        }
        finally
        {
            lock (Sync)
            {
                ActivePass = -1;
                if (released)
                {
                    Generation++;
                    foreach (var gate in gates) gate.Reset();
                }
            }
        }
    }

    /// <summary>Runs the callback for each index not yet handled in the active pass.</summary>
    internal void RunCallbacks(IReadOnlyList<int> indices)
    {
        foreach (var i in indices) RunCallback(i);
    }

    private void RunCallback(int index)
    {
        lock (Sync)
        {
            if (handledInPass[index] == ActivePass) return;
            handledInPass[index] = ActivePass;
        }

        onReady(index);
    }

    /// <summary>Removes the module hooks (idempotent).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var remove in removers) remove();
        removers.Clear();
    }
}
