namespace Training.TorchExtensions.Autograd;

/// <summary>
/// The identity on a module's input whose backward marks "every gradient of this call has been accumulated":
/// libtorch runs the call's own nodes (created after the gate, so with higher sequence numbers) and their
/// AccumulateGrad nodes (which run as soon as they are ready) before the gate's node, whose input is the gradient
/// of the module's input.
/// </summary>
internal sealed class InputGate : autograd.SingleTensorFunction<InputGate>
{
    private const string TokenKey = "token";
    private const string SlotsKey = "slots";

    /// <inheritdoc/>
    public override string Name => nameof(InputGate);

    // What forward leaves for Apply to release; forward runs synchronously inside apply on the calling thread.
    [ThreadStatic] private static (Tensor Alias, autograd.AutogradContext Context)? lastForward;

    /// <summary>Gates <paramref name="input"/> for one call, reported to <paramref name="token"/>.</summary>
    public static Tensor Apply(Tensor input, GateToken token)
    {
        var output = apply(input, token);
        if (lastForward is var (alias, context))
        {
            lastForward = null;
            // libtorch has wrapped the alias into the output; nothing needs the alias's own handle any more.
            alias.Dispose();
            NodeOutputCache.Release(context);
        }

        return output;
    }

    /// <inheritdoc/>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        ctx.save_data(TokenKey, vars[1]);
        ctx.save_data(SlotsKey, GradientSlot.Of(vars));
        // Undefined incoming gradients are passed through as undefined instead of materialised as zeros.
        ctx.set_materialize_grads(false);
        // libtorch turns an output that is an input into a view of it; alias() hands it the input's own tensor.
        var alias = input.alias();
        lastForward = (alias, ctx);
        return alias;
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var token = (GateToken)ctx.get_data(TokenKey);
        var slots = (IReadOnlyList<GradientSlot?>)ctx.get_data(SlotsKey);
        return token.Owner.Owner.Trap.Guard(slots, () =>
        {
            token.Fired();
            return [grad_output, null];
        })!;
    }
}
