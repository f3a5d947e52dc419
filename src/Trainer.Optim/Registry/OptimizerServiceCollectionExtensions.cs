using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Training.Optim;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers optimizers by name (the same namespace as the framework's own DI extensions).</summary>
public static class OptimizerServiceCollectionExtensions
{
    /// <summary>Registers an optimizer factory under <paramref name="name"/> (a later registration of the same name wins).</summary>
    public static IServiceCollection AddOptimizer(this IServiceCollection services, string name, OptimizerFactory factory,
        string description = "custom optimizer", double stateBytesPerParameter = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddSingleton(new OptimizerDescriptor(name, description, stateBytesPerParameter, factory));
        services.TryAddSingleton<IOptimizerRegistry, OptimizerRegistry>();
        return services;
    }

    /// <summary>
    /// Registers an optimizer that declares the <c>OptimArgs</c> it takes (<paramref name="arguments"/>, e.g.
    /// <c>new MyOptions().Arguments("mine")</c>): they are checked at start-up, before any model or data loads, and the
    /// factory receives them bound.
    /// </summary>
    public static IServiceCollection AddOptimizer(this IServiceCollection services, string name, ArgumentSchema arguments,
        BoundOptimizerFactory factory, string description = "custom optimizer", double stateBytesPerParameter = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddSingleton(new OptimizerDescriptor(name, description, stateBytesPerParameter, arguments, factory));
        services.TryAddSingleton<IOptimizerRegistry, OptimizerRegistry>();
        return services;
    }

    /// <summary>Registers an optimizer factory that only needs the request.</summary>
    public static IServiceCollection AddOptimizer(this IServiceCollection services, string name, Func<OptimizerRequest, Optimizer> factory,
        string description = "custom optimizer", double stateBytesPerParameter = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddSingleton(new OptimizerDescriptor(name, description, stateBytesPerParameter, (request, _) => factory(request))
        {
            Origin = factory.Method.Module.Assembly,
        });
        services.TryAddSingleton<IOptimizerRegistry, OptimizerRegistry>();
        return services;
    }

    /// <summary>
    /// Registers an optimizer whose typed options bind from <paramref name="configuration"/> (named options
    /// <paramref name="name"/>) and are validated at start-up (<c>ValidateOnStart</c>): a bad value stops the
    /// application before training with a message naming the key.
    /// </summary>
    public static IServiceCollection AddOptimizer<TOptions>(this IServiceCollection services, string name, IConfiguration configuration,
        Func<OptimizerRequest, TOptions, Optimizer> factory, string description = "custom optimizer", double stateBytesPerParameter = double.NaN)
        where TOptions : OptimizerOptions
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddOptions<TOptions>(name).Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new OptimizerOptionsValidator<TOptions>(name));
        services.AddSingleton(new OptimizerDescriptor(name, description, stateBytesPerParameter,
            (request, provider) => factory(request, provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name)))
        {
            Origin = factory.Method.Module.Assembly,
        });
        services.TryAddSingleton<IOptimizerRegistry, OptimizerRegistry>();
        return services;
    }

    /// <summary>Registers every built-in optimizer (Transformers' names and the Cerebras optimizers Transformers lacks).</summary>
    public static IServiceCollection AddBuiltInOptimizers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var descriptor in BuiltInOptimizers.All) services.AddSingleton(descriptor);
        services.TryAddSingleton<IOptimizerRegistry, OptimizerRegistry>();
        return services;
    }

    private sealed class OptimizerOptionsValidator<TOptions>(string name) : IValidateOptions<TOptions> where TOptions : OptimizerOptions
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            if (optionsName != name) return ValidateOptionsResult.Skip;
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail($"optimizer '{name}': {e.Message}");
            }
        }
    }
}
