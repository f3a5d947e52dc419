namespace Training.TorchExtensions.Autograd;

/// <summary>
/// "Run this callback for each parameter as soon as its gradient is accumulated during backward", which TorchSharp
/// 0.107 lacks (no <c>register_hook</c>, no <c>register_post_accumulate_grad_hook</c>). Used to update each
/// parameter inside backward and free its gradient at once (LOMO, AdaLomo, layer-wise optimizers), so that at most
/// about one module's gradients are alive.
/// </summary>
/// <remarks>
/// <para>How: a forward pre-hook on each module that registers parameters of interest wraps the module's input in an
/// identity autograd function. Its backward runs once libtorch has run that call's nodes and their AccumulateGrad
/// nodes, so the module's <c>.grad</c>s are complete; the callback runs for the module's parameters once every call
/// of the module in the forward has reached that point.</para>
/// <para>Handled after backward instead (in registration order): parameters whose module's input carries no gradient
/// (an embedding fed token ids, the first layer fed data), parameters registered by several modules (tied weights),
/// parameters of modules whose forward does not take one tensor, and every parameter when the submodules are invoked
/// through <c>forward()</c>: TorchSharp runs module hooks only through <c>call()</c>, so models must invoke their
/// submodules with <c>call()</c> for early handling. A parameter used outside its module's forward (for example
/// <c>functional.linear(h, embedding.weight)</c> in a parent) must be registered by the module that uses it, or
/// its gradient may be incomplete when the callback runs.</para>
/// </remarks>
public static class GradientReadyHooks
{
    /// <summary>
    /// Registers <paramref name="onReady"/> for each of <paramref name="parameters"/> (parameters of
    /// <paramref name="model"/>; with a null model every parameter is handled right after backward); run the pass with <see cref="GradientReadyRegistration.Backward"/>. The callback
    /// runs exactly once per parameter and pass (a parameter listed twice, like a tied weight, counts once), after that parameter's gradient is complete (its <c>.grad</c> may be
    /// null if no gradient reached it). It may read, change or free the gradient (<c>p.grad = null</c>), and update
    /// the parameter in place under <c>no_grad</c>.
    /// </summary>
    public static GradientReadyRegistration Register<TParameter>(nn.Module? model, IEnumerable<TParameter> parameters, Action<TParameter> onReady)
        where TParameter : Tensor
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(onReady);
        // TorchSharp's parameters() lists a tied weight once per module registering it; PyTorch lists it once.
        var seen = new HashSet<IntPtr>();
        var list = new List<TParameter>();
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (seen.Add(TensorIdentity.Of(p))) list.Add(p);
        }

        return new GradientReadyRegistration(model, list, i => onReady(list[i]));
    }
}
