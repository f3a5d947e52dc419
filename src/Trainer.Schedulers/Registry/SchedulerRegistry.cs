using Microsoft.Extensions.DependencyInjection.Extensions;
using Training.Schedulers;

namespace Training.Schedulers
{
    /// <summary>Schedulers by name.</summary>
    public interface ISchedulerRegistry
    {
        /// <summary>Every registered scheduler.</summary>
        IReadOnlyCollection<SchedulerDescriptor> Descriptors { get; }

        /// <summary>True when registered.</summary>
        bool Contains(string name);

        /// <summary>The entry; <see cref="UnknownSchedulerException"/> when absent.</summary>
        SchedulerDescriptor Get(string name);

        /// <summary>
        /// Builds the scheduler registered as <paramref name="name"/> (<see cref="SchedulerDescriptor.Create"/>: step
        /// counts checked, kwargs bound under <c>LrSchedulerKwargs</c>).
        /// </summary>
        Scheduler Create(string name, SchedulerRequest request);

        /// <summary>
        /// Binds <paramref name="kwargs"/> against the schema of the scheduler registered as <paramref name="name"/>
        /// without building anything, so settings can be checked at start-up; null when the entry declares no schema.
        /// Throws <see cref="UnknownSchedulerException"/> for an unknown name and
        /// <see cref="Training.Optim.ArgumentBindingException"/> (under <paramref name="path"/>) for bad kwargs, as
        /// <see cref="Create"/> would.
        /// </summary>
        Training.Optim.BoundArguments? Bind(string name, IReadOnlyDictionary<string, object?> kwargs, string path);
    }

    /// <summary>The registry DI builds from every registered <see cref="SchedulerDescriptor"/>; the last registration of a name wins.</summary>
    public sealed class SchedulerRegistry(IEnumerable<SchedulerDescriptor> descriptors, IServiceProvider services)
        : Training.Optim.NamedRegistry<SchedulerDescriptor>(descriptors, d => d.Name), ISchedulerRegistry
    {
        /// <inheritdoc/>
        public Scheduler Create(string name, SchedulerRequest request)
        {
            ArgumentNullException.ThrowIfNull(request);
            return Get(name).Create(request, services);
        }

        /// <inheritdoc/>
        public Training.Optim.BoundArguments? Bind(string name, IReadOnlyDictionary<string, object?> kwargs, string path)
        {
            ArgumentNullException.ThrowIfNull(kwargs);
            return Get(name).Bind(kwargs, path);
        }

        /// <inheritdoc/>
        protected override Training.Optim.UnknownNameException Unknown(string name, IReadOnlyCollection<string> registered) =>
            new UnknownSchedulerException(name, registered);
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers schedulers by name.</summary>
    public static class SchedulerServiceCollectionExtensions
    {
        /// <summary>
        /// Registers a scheduler factory under <paramref name="name"/> (a later registration of the same name wins).
        /// With <paramref name="arguments"/> its kwargs are bound (and checked at start-up) before the factory runs,
        /// which reads <see cref="SchedulerRequest.Arguments"/>; without, the factory reads the raw
        /// <see cref="SchedulerRequest.Kwargs"/>.
        /// </summary>
        public static IServiceCollection AddScheduler(this IServiceCollection services, string name, SchedulerFactory factory,
            string description = "custom scheduler", Training.Optim.ArgumentSchema? arguments = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(factory);
            services.AddSingleton(new SchedulerDescriptor(name, description, factory) { Arguments = arguments });
            services.TryAddSingleton<ISchedulerRegistry, SchedulerRegistry>();
            return services;
        }

        /// <summary>Registers a scheduler factory that only needs the request.</summary>
        public static IServiceCollection AddScheduler(this IServiceCollection services, string name, Func<SchedulerRequest, Scheduler> factory,
            string description = "custom scheduler", Training.Optim.ArgumentSchema? arguments = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(factory);
            services.AddSingleton(new SchedulerDescriptor(name, description, (request, _) => factory(request))
            {
                Arguments = arguments, Origin = factory.Method.Module.Assembly,
            });
            services.TryAddSingleton<ISchedulerRegistry, SchedulerRegistry>();
            return services;
        }

        /// <summary>
        /// Registers every built-in scheduler: Transformers' <c>SchedulerType</c> names (<c>linear</c>, <c>cosine</c>, ...),
        /// <c>adafactor</c>, PyTorch's classes as <c>torch.StepLR</c>, <c>torch.OneCycleLR</c>, ... and Cerebras' as
        /// <c>cerebras.CosineDecayLR</c>, <c>cerebras.LinearWD</c>, ... (prefixed because the two libraries use the same
        /// class names for different conventions: PyTorch's LinearLR scales factors, Cerebras' takes absolute values).
        /// </summary>
        public static IServiceCollection AddBuiltInSchedulers(this IServiceCollection services)
        {
            ArgumentNullException.ThrowIfNull(services);
            foreach (var descriptor in BuiltInSchedulers.WithLibraryCatalogs) services.AddSingleton(descriptor);
            services.TryAddSingleton<ISchedulerRegistry, SchedulerRegistry>();
            return services;
        }
    }
}
