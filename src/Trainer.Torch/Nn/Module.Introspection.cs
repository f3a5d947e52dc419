using Training.Torch.Modules;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public abstract partial class Module
        {
            // Results are materialised lists, so callers may register or dispose while iterating.

            /// <summary>
            /// Every module of the tree with its dotted name, this one first (named ""), then each child's subtree in
            /// registration order. A module reachable twice is listed once.
            /// </summary>
            public IEnumerable<(string name, Module module)> named_modules()
            {
                var result = new List<(string, Module)>();
                CollectModules(result, new HashSet<Module>(ReferenceEqualityComparer.Instance), "");
                return result;
            }

            private void CollectModules(List<(string, Module)> result, HashSet<Module> seen, string prefix)
            {
                if (!seen.Add(this)) return;
                result.Add((prefix, this));
                foreach (var (childName, child) in ownModules)
                    child?.CollectModules(result, seen, Join(prefix, childName));
            }

            /// <summary>Every module of the tree, this one first.</summary>
            public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            /// <summary>The direct children with their names (each listed once).</summary>
            public IEnumerable<(string name, Module module)> named_children()
            {
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                return ownModules.Where(m => m.Value is not null && seen.Add(m.Value)).Select(m => (m.Key, m.Value!)).ToList();
            }

            /// <summary>The direct children.</summary>
            public IEnumerable<Module> children() => named_children().Select(m => m.module);

            /// <summary>
            /// Parameters with dotted names: this module's own first, then each descendant's (with
            /// <paramref name="recurse"/>). A parameter shared by several modules (tied weights) is listed once.
            /// </summary>
            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true) =>
                NamedMembers(recurse, m => m.ownParameters.Select(p => (p.Key, p.Value)));

            /// <summary>The parameters, in <see cref="named_parameters"/> order.</summary>
            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            /// <summary>Buffers (persistent or not) with dotted names, in the same order as parameters.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true) =>
                NamedMembers(recurse, m => m.ownBuffers.Select(b => (b.Key, b.Value)));

            /// <summary>The buffers, in <see cref="named_buffers"/> order.</summary>
            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

            private List<(string, T)> NamedMembers<T>(bool recurse, Func<Module, IEnumerable<(string, T?)>> members)
                where T : Tensor
            {
                var result = new List<(string, T)>();
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                IEnumerable<(string name, Module module)> owners = recurse ? named_modules() : [("", this)];
                foreach (var (prefix, module) in owners)
                {
                    foreach (var (memberName, member) in members(module))
                    {
                        if (member is not null && seen.Add(member)) result.Add((Join(prefix, memberName), member));
                    }
                }

                return result;
            }

            /// <summary>The descendant at a dotted path ("" is this module); throws if a step is missing.</summary>
            public Module get_submodule(string target)
            {
                ArgumentNullException.ThrowIfNull(target);
                var module = this;
                if (target.Length == 0) return module;
                foreach (var step in target.Split('.'))
                {
                    if (!module.ownModules.TryGetValue(step, out var child) || child is null)
                        throw new ArgumentException($"{module.GetName()} has no submodule \"{step}\" (looking up \"{target}\")", nameof(target));
                    module = child;
                }

                return module;
            }

            /// <summary>The parameter at a dotted path such as "blocks.0.ln.weight"; throws if there is none.</summary>
            public Parameter get_parameter(string target)
            {
                var (owner, member) = Resolve(target);
                return owner.ownParameters.TryGetValue(member, out var p) && p is not null
                    ? p
                    : throw new ArgumentException($"{owner.GetName()} has no parameter \"{member}\" (looking up \"{target}\")", nameof(target));
            }

            /// <summary>The buffer at a dotted path; throws if there is none.</summary>
            public Tensor get_buffer(string target)
            {
                var (owner, member) = Resolve(target);
                return owner.ownBuffers.TryGetValue(member, out var b) && b is not null
                    ? b
                    : throw new ArgumentException($"{owner.GetName()} has no buffer \"{member}\" (looking up \"{target}\")", nameof(target));
            }

            private (Module owner, string member) Resolve(string target)
            {
                ArgumentNullException.ThrowIfNull(target);
                var dot = target.LastIndexOf('.');
                return dot < 0 ? (this, target) : (get_submodule(target[..dot]), target[(dot + 1)..]);
            }

            /// <summary>Calls <paramref name="fn"/> on every descendant (children first, as PyTorch) and then on this module.</summary>
            public Module apply(Action<Module> fn)
            {
                ArgumentNullException.ThrowIfNull(fn);
                foreach (var child in children()) child.apply(fn);
                fn(this);
                return this;
            }

            /// <summary>
            /// Clears the gradients of every parameter: removes them (the default, as PyTorch 2 and TorchSharp), or
            /// fills them with zeros when <paramref name="set_to_none"/> is false.
            /// </summary>
            public void zero_grad(bool set_to_none = true)
            {
                foreach (var p in parameters())
                {
                    if (set_to_none)
                    {
                        p.grad = null;
                        continue;
                    }

                    using var g = p.grad;
                    if (g is null) continue;
                    using (no_grad()) g.zero_();
                }
            }

            private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
        }
    }
}
