using Training.Torch.Modules;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// The base of every network layer, as PyTorch's <c>nn.Module</c> and TorchSharp's <c>torch.nn.Module</c>:
        /// it owns named parameters, buffers and child modules, enumerates them with dotted names, saves and loads
        /// state dictionaries, and switches training/evaluation mode recursively. Components are registered
        /// explicitly (<see cref="register_parameter"/>, <see cref="register_buffer"/>, <see cref="register_module"/>)
        /// or from fields by <see cref="RegisterComponents"/>. Disposing a module disposes what it owns.
        /// </summary>
        public abstract partial class Module : IDisposable
        {
            // Insertion-ordered, because PyTorch's enumeration and state_dict order is registration order.
            private readonly OrderedDictionary<string, Parameter?> ownParameters = new(StringComparer.Ordinal);
            private readonly OrderedDictionary<string, Tensor?> ownBuffers = new(StringComparer.Ordinal);
            private readonly HashSet<string> nonPersistentBuffers = new(StringComparer.Ordinal);
            private readonly OrderedDictionary<string, Module?> ownModules = new(StringComparer.Ordinal);
            private readonly string name;
            private bool isTraining = true;
            private bool disposed;

            /// <summary>Creates a module; <paramref name="name"/> identifies its kind in messages (e.g. "Linear").</summary>
            protected Module(string name)
            {
                ArgumentNullException.ThrowIfNull(name);
                this.name = name;
            }

            /// <summary>The name given to the constructor (the module's kind, e.g. "Linear").</summary>
            public virtual string GetName() => name;

            /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
            public bool training => isTraining;

            /// <summary>True once disposed.</summary>
            public bool IsDisposed => disposed;

            /// <summary>
            /// Registers (or, with null, declares) a parameter under <paramref name="name"/>. The module owns it:
            /// it is taken out of any dispose scope and disposed with the module.
            /// </summary>
            public void register_parameter(string name, Parameter? param)
            {
                if (!CheckNewName(name, "parameter", ownParameters, param)) return;
                param?.DetachFromDisposeScope();
                ownParameters.Add(name, param);
            }

            /// <summary>
            /// Registers a buffer: state that is not trained (running statistics, masks). Persistent buffers are part of
            /// <see cref="state_dict"/>. The module owns the tensor: it leaves its dispose scope and is disposed with the module.
            /// </summary>
            public void register_buffer(string name, Tensor? tensor, bool persistent = true)
            {
                if (tensor is Parameter)
                    throw new ArgumentException($"buffer \"{name}\" is a Parameter: register it with register_parameter", nameof(tensor));
                if (!CheckNewName(name, "buffer", ownBuffers, tensor)) return;
                tensor?.DetachFromDisposeScope();
                ownBuffers.Add(name, tensor);
                if (!persistent) nonPersistentBuffers.Add(name);
            }

            /// <summary>
            /// Registers a child module. Its own fields are registered too (<see cref="RegisterComponents"/>), so a
            /// custom child that forgot to call it is still complete.
            /// </summary>
            public void register_module(string name, Module? module)
            {
                if (ReferenceEquals(module, this))
                    throw new ArgumentException($"a module cannot be its own submodule (\"{name}\")", nameof(module));
                if (!CheckNewName(name, "module", ownModules, module)) return;
                ownModules.Add(name, module);
                module?.RegisterComponents();
            }

            /// <summary>PyTorch's alias of <see cref="register_module"/>.</summary>
            public void add_module(string name, Module? module) => register_module(name, module);

            // Returns false when the very same component is already registered under this name (registration is
            // idempotent, so RegisterComponents may run more than once); throws on any other clash.
            private bool CheckNewName<T>(string name, string kind, OrderedDictionary<string, T?> sameKind, T? value)
                where T : class
            {
                ArgumentNullException.ThrowIfNull(name);
                if (name.Length == 0) throw new ArgumentException($"{kind} name can't be empty", nameof(name));
                if (name.Contains('.', StringComparison.Ordinal))
                    throw new ArgumentException($"{kind} name can't contain \".\", got \"{name}\"", nameof(name));
                if (sameKind.TryGetValue(name, out var existing) && ReferenceEquals(existing, value) && value is not null)
                    return false;
                if (ownParameters.ContainsKey(name) || ownBuffers.ContainsKey(name) || ownModules.ContainsKey(name))
                    throw new ArgumentException($"attribute \"{name}\" already exists in {GetName()}", nameof(name));
                return true;
            }

            /// <summary>A parameter of this module itself; built-in modules read their weights through this.</summary>
            internal Parameter? OwnParameter(string name) =>
                ownParameters.TryGetValue(name, out var p) ? p : throw new ArgumentException($"{GetName()} has no parameter \"{name}\"", nameof(name));

            /// <summary>
            /// Replaces a registered parameter (e.g. tying weights). The previous one is not disposed, because it may
            /// be shared or still used elsewhere.
            /// </summary>
            internal void ReplaceParameter(string name, Parameter? param)
            {
                if (!ownParameters.ContainsKey(name)) throw new ArgumentException($"{GetName()} has no parameter \"{name}\"", nameof(name));
                param?.DetachFromDisposeScope();
                ownParameters[name] = param;
            }

            /// <summary>Removes every child module (for containers that renumber their children).</summary>
            internal void ClearModules() => ownModules.Clear();

            /// <summary>Sets training mode (true) or evaluation mode (false) on this module and all descendants.</summary>
            public virtual void train(bool train = true)
            {
                isTraining = train;
                foreach (var child in ownModules.Values) child?.train(train);
            }

            /// <summary>Evaluation mode: <c>train(false)</c>. Dropout becomes the identity.</summary>
            public void eval() => train(false);

            /// <summary>Disposes the module's parameters, buffers and children (once; later calls do nothing).</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Releases owned tensors and child modules when <paramref name="disposing"/> is true.</summary>
            protected virtual void Dispose(bool disposing)
            {
                if (disposed) return;
                disposed = true;
                if (!disposing) return;
                foreach (var child in ownModules.Values) child?.Dispose();
                foreach (var p in ownParameters.Values) p?.Dispose();
                foreach (var b in ownBuffers.Values) b?.Dispose();
            }

            /// <summary>The module's kind and its direct children.</summary>
            public override string ToString() =>
                ownModules.Count == 0 ? GetName() : $"{GetName()}({string.Join(", ", ownModules.Select(m => $"{m.Key}: {m.Value?.GetName() ?? "None"}"))})";
        }
    }
}
