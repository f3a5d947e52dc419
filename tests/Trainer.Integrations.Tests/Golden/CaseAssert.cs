using System.Text.Json.Nodes;

namespace Training.Integrations.Tests.Golden;

/// <summary>
/// Comparisons against a step record, with the golden README's tolerances: float32 within a few ulps (relative
/// 1e-5 after 10 steps), bfloat16 to one bf16 ulp, 8-bit codes exactly except an occasional one-code difference
/// at a rounding boundary.
/// </summary>
public static class CaseAssert
{
    /// <summary>Relative tolerance for float32 trajectories.</summary>
    public const double Float32Rtol = 1e-5;

    /// <summary>Absolute floor for float32 trajectories.</summary>
    public const double Float32Atol = 1e-7;

    /// <summary>How many codes of one 8-bit state tensor may differ by one (rounding-boundary ties).</summary>
    public const int AllowedOneCodeDifferences = 2;

    /// <summary>Relative tolerance for values of <paramref name="dtype"/>.</summary>
    public static double Rtol(ScalarType dtype) => dtype switch
    {
        ScalarType.BFloat16 => 1.0 / 128, // one bf16 ulp (8 significant bits)
        ScalarType.Float16 => 1.0 / 1024,
        _ => Float32Rtol,
    };

    /// <summary>Compares <paramref name="actual"/> with flat golden values in the tolerance of its dtype.</summary>
    public static void Values(Tensor actual, JsonNode? expected, string what, double? rtol = null, double? atol = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var values = actual.to(ScalarType.Float64).ToArray<double>();
        var floor = atol ?? (actual.dtype == ScalarType.Float32 || actual.dtype == ScalarType.Float64 ? Float32Atol : 1e-6);
        Closeness.AssertClose(values, GoldenFiles.Flatten(expected), rtol ?? Rtol(actual.dtype), floor, what);
    }

    /// <summary>Compares the parameters after a step with the record's <c>params</c> (or another key, e.g. <c>eval_params</c>).</summary>
    public static void Parameters(CaseParameters parameters, JsonObject record, string what, string key = "params", double? rtol = null, double? atol = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(record);
        var expected = record[key] as JsonObject ?? throw new InvalidDataException($"{what}: the record has no '{key}'");
        foreach (var (name, values) in expected)
            Values(parameters[name], values, $"{what} {key}.{name}", rtol, atol);
    }

    /// <summary>
    /// Compares every <c>"&lt;state&gt;.&lt;param&gt;"</c> entry of the record's <c>state</c> with the optimizer state
    /// (found through <paramref name="stateOf"/>); entries without a dot are passed to <paramref name="custom"/>, which
    /// returns false for an entry it does not know (then the test fails: nothing is silently left out).
    /// </summary>
    public static void State(JsonObject record, Func<string, ParameterState?> stateOf, string what,
        Func<string, JsonNode, bool>? custom = null, double? rtol = null, double? atol = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(stateOf);
        if (record["state"] is not JsonObject state) return;
        foreach (var (key, value) in state)
        {
            var dot = key.LastIndexOf('.');
            if (dot < 0)
            {
                if (custom is null || !custom(key, value!)) Assert.Fail($"{what}: state entry '{key}' is not compared by this runner");
                continue;
            }

            var (entry, parameter) = (key[..dot], key[(dot + 1)..]);
            var parameterState = stateOf(parameter) ?? throw new AssertionException($"{what}: no optimizer state for '{parameter}'");
            Assert.That(parameterState.Contains(entry), Is.True, $"{what}: state of '{parameter}' lacks '{entry}' (has: {string.Join(", ", parameterState.Entries.Select(e => e.Key))})");
            Entry(parameterState, entry, value, $"{what} state {key}", rtol, atol);
        }
    }

    /// <summary>Compares one state entry: a tensor record, or a number (exact for integers).</summary>
    public static void Entry(ParameterState state, string entry, JsonNode? expected, string what, double? rtol = null, double? atol = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (CaseValues.IsTensorRecord(expected))
        {
            var dtype = CaseValues.DType((string)expected!["dtype"]!);
            var shape = expected["shape"]!.AsArray().Select(v => (long)v!).ToArray();
            var actual = state.TryTensor(entry);
            if (actual is null)
            {
                // A 0-dim record may be held as a plain number.
                Assert.That(shape, Is.Empty, $"{what}: expected a tensor of shape [{string.Join(", ", shape)}]");
                Closeness.AssertClose([state.Scalar(entry)], GoldenFiles.Flatten(expected["data"]), rtol ?? Rtol(dtype), atol ?? Float32Atol, what);
                return;
            }

            Assert.That(actual.shape, Is.EqualTo(shape), $"{what}: shape");
            if (dtype is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64)
                Codes(actual, expected, what);
            else
                Values(actual, expected["data"], what, rtol ?? Rtol(dtype), atol);
            return;
        }

        if (expected is JsonValue v && v.TryGetValue<long>(out var integer) && !v.ToJsonString().Contains('.'))
        {
            Assert.That(state.Integer(entry), Is.EqualTo(integer), what);
            return;
        }

        Closeness.AssertClose([state.Scalar(entry)], [GoldenFiles.Number(expected)], rtol ?? Float32Rtol, atol ?? Float32Atol, what);
    }

    /// <summary>Integer codes: equal, except at most <see cref="AllowedOneCodeDifferences"/> codes off by one.</summary>
    public static void Codes(Tensor actual, JsonNode expected, string what)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        var codes = actual.to(ScalarType.Int64).ToArray<long>();
        var wanted = GoldenFiles.Flatten(expected["data"]).Select(d => (long)d).ToArray();
        Assert.That(codes, Has.Length.EqualTo(wanted.Length), $"{what}: element count");
        var offByOne = 0;
        for (var i = 0; i < codes.Length; i++)
        {
            var difference = Math.Abs(codes[i] - wanted[i]);
            if (difference == 0) continue;
            if (difference > 1) Assert.Fail($"{what}: code {i} is {codes[i]}, expected {wanted[i]}");
            offByOne++;
        }

        Assert.That(offByOne, Is.LessThanOrEqualTo(AllowedOneCodeDifferences), $"{what}: {offByOne} codes differ by one");
    }
}
