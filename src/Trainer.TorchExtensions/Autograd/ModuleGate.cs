namespace Training.TorchExtensions.Autograd;

/// <summary>
/// One module whose parameters can be handled inside backward: the calls gated since the last completed pass
/// (one token each) and the registration's indices of its parameters. The parameters are ready in a pass once every
/// token of the current generation has fired in it; any doubt (a call that could not be gated, a token of an older
/// graph) leaves them to the end of the pass, which is always correct.
/// </summary>
internal sealed class ModuleGate(GradientReadyRegistration owner, IReadOnlyList<int> parameterIndices)
{
    private readonly List<GateToken> tokens = [];
    private bool ungatedCall;
    private long handledInPass = -1;
    private long doubtfulInPass = -1;

    /// <summary>The registration this gate reports to.</summary>
    public GradientReadyRegistration Owner { get; } = owner;

    /// <summary>Indices (into the registration's parameters) of the module's own parameters of interest.</summary>
    public IReadOnlyList<int> ParameterIndices { get; } = parameterIndices;

    /// <summary>The forward pre-hook: gates <paramref name="input"/>, or returns null to leave it unchanged.</summary>
    public Tensor? OnCall(Tensor input)
    {
        // Under no_grad the call contributes no gradient, so it needs no gate.
        if (Owner.IsDisposed || !is_grad_enabled()) return null;
        lock (Owner.Sync)
        {
            // No gradient reaches this input (token ids, raw data), or a 0-dim one the gate could not fail: the call's
            // contributions have no point to wait for, so the whole module waits for the end of the pass.
            if (!input.requires_grad || input.dim() == 0)
            {
                ungatedCall = true;
                return null;
            }
        }

        var token = new GateToken(this, Owner.Generation);
        var gated = InputGate.Apply(input, token);
        lock (Owner.Sync) tokens.Add(token);
        return gated;
    }

    /// <summary>From a gate's backward: runs the callbacks once every gated call of this generation has fired.</summary>
    public void OnGateFired(GateToken token)
    {
        lock (Owner.Sync)
        {
            var pass = Owner.ActivePass;
            if (pass < 0) return;
            if (token.Generation != Owner.Generation)
            {
                doubtfulInPass = pass;
                return;
            }

            token.FiredInPass = pass;
            if (ungatedCall || handledInPass == pass || doubtfulInPass == pass) return;
            foreach (var t in tokens)
                if (t.FiredInPass != pass) return;
            handledInPass = pass;
        }

        Owner.RunCallbacks(ParameterIndices);
    }

    /// <summary>Forgets the gated calls (their graph has been released); called under the registration's lock.</summary>
    public void Reset()
    {
        tokens.Clear();
        ungatedCall = false;
    }
}
