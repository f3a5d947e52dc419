using System.Collections;
using System.Numerics;
using Training.Optim;

namespace Training.Schedulers;

public abstract partial class Scheduler
{
    /// <summary>
    /// Checks that <paramref name="stateDict"/> has the layout of this scheduler's own <see cref="StateDict"/>, without
    /// changing anything: every entry of this scheduler's state present (PyTorch's private <c>_…</c> bookkeeping and
    /// <c>verbose</c> may be absent), of the same kind, lists of the same length, numbers finite where the current
    /// ones are, counters (<c>last_epoch</c>, <c>_step_count</c>) non-negative 64-bit integers. Throws
    /// <see cref="InvalidDataException"/> naming the entry and the bad value.
    /// </summary>
    public virtual void ValidateStateDict(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        Compare(stateDict, StateDict(), "the state");
    }

    private static void Compare(IDictionary saved, IDictionary template, string where)
    {
        foreach (DictionaryEntry entry in template)
        {
            var key = (string)entry.Key;
            if (!saved.Contains(key))
            {
                if (key.StartsWith('_') || key == "verbose") continue;
                throw new InvalidDataException($"{where} has no '{key}' entry");
            }

            Compare(saved[key], entry.Value, where == "the state" ? key : $"{where}.{key}");
        }
    }

    private static void Compare(object? saved, object? template, string where)
    {
        switch (template, saved)
        {
            case (null, _):
                return; // e.g. lr_lambdas: functions are not saved
            case (_, BigInteger big):
                throw new InvalidDataException($"{where} is {big}, which does not fit in 64 bits");
            case (long t, long s):
                if (s < 0 && t >= 0) throw new InvalidDataException($"{where} is {s}, expected a non-negative count");
                return;
            case (double t, double or long):
                var value = Convert.ToDouble(saved);
                if (double.IsNaN(value) || (double.IsInfinity(value) && !double.IsInfinity(t)))
                    throw new InvalidDataException($"{where} is {value}, expected a finite number");
                return;
            case (IDictionary t, IDictionary s):
                Compare(s, t, where);
                return;
            case (IList t, IList s):
                if (s.Count != t.Count) throw new InvalidDataException($"{where} has {s.Count} values, this scheduler has {t.Count}");
                for (var i = 0; i < s.Count; i++) Compare(s[i], t[i], $"{where}[{i}]");
                return;
            case (bool, bool) or (string, string):
                return;
            default:
                throw new InvalidDataException($"{where} is {StateValues.Describe(saved)}, expected {StateValues.Kind(template)} like this scheduler's {StateValues.Describe(template)}");
        }
    }
}
