using System.Reflection;

namespace Training.TorchExtensions.Autograd;

/// <summary>
/// Installs a forward pre-hook that may replace a module's input. TorchSharp types pre-hooks by the module's
/// forward signature, so only modules whose forward takes one tensor (<c>Module&lt;Tensor, TResult&gt;</c>:
/// Linear, Embedding, the norms, convolutions, ...) can be hooked this way.
/// </summary>
internal static class ModuleInputHooks
{
    private static readonly MethodInfo InstallTyped =
        typeof(ModuleInputHooks).GetMethod(nameof(Install), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Registers <paramref name="onCall"/> (returning the replacement input, or null) on <paramref name="module"/>;
    /// returns the action that removes it, or null when the module's forward does not take a single tensor.
    /// </summary>
    public static Action? TryInstall(nn.Module module, Func<Tensor, Tensor?> onCall)
    {
        for (var type = module.GetType(); type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(nn.Module<,>)) continue;
            var arguments = type.GetGenericArguments();
            if (arguments[0] != typeof(Tensor)) return null;
            return (Action)InstallTyped.MakeGenericMethod(arguments[1]).Invoke(null, [module, onCall])!;
        }

        return null;
    }

    private static Action Install<TResult>(nn.Module<Tensor, TResult> module, Func<Tensor, Tensor?> onCall)
    {
        // A null return tells call() to keep the input.
        var remover = module.register_forward_pre_hook((_, input) => onCall(input)!);
        return remover.remove;
    }
}
