namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public abstract partial class Module
        {
            /// <summary>
            /// The module's state: every parameter, then every persistent buffer, of this module and then of each
            /// child recursively, keyed by dotted name (PyTorch's order). The values are the live tensors, not copies;
            /// tied parameters appear under each of their names.
            /// </summary>
            public Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
            {
                destination ??= new Dictionary<string, Tensor>(StringComparer.Ordinal);
                SaveTo(destination, prefix ?? "");
                return destination;
            }

            private void SaveTo(Dictionary<string, Tensor> destination, string prefix)
            {
                foreach (var (key, p) in ownParameters)
                {
                    if (p is not null) destination[prefix + key] = p;
                }

                foreach (var (key, b) in ownBuffers)
                {
                    if (b is not null && !nonPersistentBuffers.Contains(key)) destination[prefix + key] = b;
                }

                foreach (var (key, child) in ownModules) child?.SaveTo(destination, prefix + key + ".");
            }

            /// <summary>
            /// Copies <paramref name="source"/>'s tensors into this module's parameters and buffers (with <c>copy_</c>,
            /// without recording gradients; the source stays independent). Everything is checked before anything is
            /// copied: a shape mismatch throws, and so, when <paramref name="strict"/>, does any missing or unexpected
            /// key. Keys in <paramref name="skip"/> are ignored on both sides.
            /// </summary>
            /// <returns>The keys the module expected but the source lacked, and the source keys the module does not have.</returns>
            public (IList<string> missing_keys, IList<string> unexpected_keys) load_state_dict(
                Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(source);
                var skipped = new HashSet<string>(skip ?? [], StringComparer.Ordinal);
                var expected = state_dict();
                var missing = expected.Keys.Where(k => !source.ContainsKey(k) && !skipped.Contains(k)).ToList();
                var unexpected = source.Keys.Where(k => !expected.ContainsKey(k) && !skipped.Contains(k)).ToList();
                var loaded = expected.Where(e => source.ContainsKey(e.Key) && !skipped.Contains(e.Key)).ToList();

                var errors = new List<string>();
                if (strict && missing.Count > 0) errors.Add($"Missing key(s) in state_dict: {Quote(missing)}.");
                if (strict && unexpected.Count > 0) errors.Add($"Unexpected key(s) in state_dict: {Quote(unexpected)}.");
                foreach (var (key, target) in loaded)
                {
                    var from = source[key].shape;
                    var to = target.shape;
                    if (!from.AsSpan().SequenceEqual(to))
                        errors.Add($"size mismatch for {key}: copying a param with shape {Shape(from)} from checkpoint, the shape in current model is {Shape(to)}.");
                }

                if (errors.Count > 0)
                    throw new ArgumentException($"Error(s) in loading state_dict for {GetName()}:\n\t{string.Join("\n\t", errors)}", nameof(source));

                using (no_grad())
                {
                    foreach (var (key, target) in loaded) target.copy_(source[key]);
                }

                return (missing, unexpected);
            }

            private static string Quote(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"\"{k}\""));

            private static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
        }
    }
}
