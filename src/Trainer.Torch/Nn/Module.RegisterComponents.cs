using System.Collections;
using System.Reflection;
using Training.Torch.Modules;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public abstract partial class Module
        {
            private const BindingFlags DeclaredInstanceFields =
                BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

            /// <summary>
            /// Registers this module's fields, as TorchSharp does: <see cref="Module"/> fields become submodules,
            /// <see cref="Parameter"/> fields parameters, and other <see cref="Tensor"/> fields buffers. Fields of
            /// every class in the hierarchy are scanned, base classes first, in declaration order; an auto-property
            /// registers under the property's name; <see cref="ComponentNameAttribute"/> renames; null fields are
            /// skipped, and so are components already registered (under any name). Built-in modules register
            /// explicitly, so fields declared in this library are not scanned.
            /// Calling it again is harmless. Arrays and lists of modules or tensors are rejected (they would be
            /// silently skipped otherwise): use <see cref="Modules.ModuleList{T}"/> or <see cref="Modules.Sequential"/>.
            /// </summary>
            public virtual void RegisterComponents()
            {
                foreach (var field in ComponentFields(GetType()))
                {
                    var value = field.GetValue(this);
                    // A component registered explicitly (perhaps under another name) is not registered twice.
                    if (value is null || IsRegistered(value)) continue;
                    var componentName = ComponentNameOf(field);
                    switch (value)
                    {
                        case Module module:
                            register_module(componentName, module);
                            break;
                        case Parameter parameter:
                            register_parameter(componentName, parameter);
                            break;
                        case Tensor tensor:
                            register_buffer(componentName, tensor);
                            break;
                        case IEnumerable when HoldsComponents(value.GetType()):
                            throw new InvalidOperationException(
                                $"{GetName()}.{field.Name} is a {value.GetType().Name} of modules or tensors, which RegisterComponents " +
                                "cannot register: use ModuleList (or Sequential) for modules, or register each tensor explicitly");
                    }
                }
            }

            private bool IsRegistered(object value) =>
                ownModules.Values.Any(m => ReferenceEquals(m, value)) ||
                ownParameters.Values.Any(p => ReferenceEquals(p, value)) ||
                ownBuffers.Values.Any(b => ReferenceEquals(b, value));

            private static IEnumerable<FieldInfo> ComponentFields(Type type)
            {
                var hierarchy = new Stack<Type>();
                for (var t = type; t is not null && t.Assembly != typeof(Module).Assembly; t = t.BaseType) hierarchy.Push(t);
                return hierarchy.SelectMany(t => t.GetFields(DeclaredInstanceFields)).Where(f => !f.FieldType.IsPrimitive);
            }

            private static string ComponentNameOf(FieldInfo field)
            {
                var attribute = field.GetCustomAttribute<ComponentNameAttribute>();
                // An auto-property's backing field is called "<Name>k__BackingField": register it as "Name".
                var property = field.Name.StartsWith('<') && field.Name.EndsWith(">k__BackingField", StringComparison.Ordinal)
                    ? field.Name[1..field.Name.IndexOf('>', StringComparison.Ordinal)]
                    : null;
                attribute ??= property is null
                    ? null
                    : field.DeclaringType!.GetProperty(property, DeclaredInstanceFields)?.GetCustomAttribute<ComponentNameAttribute>();
                return attribute is { Name.Length: > 0 } ? attribute.Name : property ?? field.Name;
            }

            // True for arrays, lists, sets and dictionaries whose elements (or values) are modules or tensors.
            private static bool HoldsComponents(Type collection) =>
                collection.GetInterfaces()
                    .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                    .Select(i => i.GetGenericArguments()[0])
                    .Select(e => e.IsGenericType && e.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) ? e.GetGenericArguments()[1] : e)
                    .Any(e => typeof(Module).IsAssignableFrom(e) || typeof(Tensor).IsAssignableFrom(e));
        }
    }
}
