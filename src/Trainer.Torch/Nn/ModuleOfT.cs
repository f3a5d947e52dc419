using Training.Torch.Modules;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A module with one input: subclasses implement <see cref="forward"/>, callers use <see cref="call"/>
        /// (which also runs the forward hooks), e.g. <c>class MyModel : nn.Module&lt;Tensor, Tensor&gt;</c>.
        /// </summary>
        public abstract class Module<T, TResult> : Module
        {
            private readonly HookList<Func<Module<T, TResult>, T, T?>> preHooks = new();
            private readonly HookList<Func<Module<T, TResult>, T, TResult, TResult?>> postHooks = new();

            /// <summary>Creates a module; <paramref name="name"/> identifies its kind in messages.</summary>
            protected Module(string name) : base(name)
            {
            }

            /// <summary>The computation of the module.</summary>
            public abstract TResult forward(T input);

            /// <summary>Runs the pre-hooks, <see cref="forward"/>, then the post-hooks (Python's <c>module(x)</c>).</summary>
            public TResult call(T input)
            {
                if (preHooks.IsEmpty && postHooks.IsEmpty) return forward(input);
                foreach (var hook in preHooks.Snapshot())
                {
                    var replaced = hook(this, input);
                    if (replaced is not null) input = replaced;
                }

                var result = forward(input);
                foreach (var hook in postHooks.Snapshot())
                {
                    var replaced = hook(this, input, result);
                    if (replaced is not null) result = replaced;
                }

                return result;
            }

            /// <summary>Registers a hook run before <see cref="forward"/>; a non-null return value replaces the input.</summary>
            public RemovableHandle register_forward_pre_hook(Func<Module<T, TResult>, T, T?> hook) => preHooks.Add(hook);

            /// <summary>Registers a hook run after <see cref="forward"/>; a non-null return value replaces the output.</summary>
            public RemovableHandle register_forward_hook(Func<Module<T, TResult>, T, TResult, TResult?> hook) => postHooks.Add(hook);
        }

        /// <summary>A module with two inputs, such as a loss (<c>call(input, target)</c>).</summary>
        public abstract class Module<T1, T2, TResult> : Module
        {
            private readonly HookList<Func<Module<T1, T2, TResult>, T1, T2, TResult, TResult?>> postHooks = new();

            /// <summary>Creates a module; <paramref name="name"/> identifies its kind in messages.</summary>
            protected Module(string name) : base(name)
            {
            }

            /// <summary>The computation of the module.</summary>
            public abstract TResult forward(T1 input1, T2 input2);

            /// <summary>Runs <see cref="forward"/>, then the forward hooks.</summary>
            public TResult call(T1 input1, T2 input2)
            {
                var result = forward(input1, input2);
                if (postHooks.IsEmpty) return result;
                foreach (var hook in postHooks.Snapshot())
                {
                    var replaced = hook(this, input1, input2, result);
                    if (replaced is not null) result = replaced;
                }

                return result;
            }

            /// <summary>Registers a hook run after <see cref="forward"/>; a non-null return value replaces the output.</summary>
            public RemovableHandle register_forward_hook(Func<Module<T1, T2, TResult>, T1, T2, TResult, TResult?> hook) => postHooks.Add(hook);
        }
    }
}
