using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Reads and writes the hyperparameter a scheduler drives. Plain keys (<c>lr</c>, <c>weight_decay</c>,
/// <c>momentum</c>, ...) map to the group's entry; <c>beta1</c>/<c>beta2</c> address the elements of
/// <c>betas</c>, which is how momentum cycling reaches Adam-style optimizers.
/// </summary>
public static class GroupKey
{
    /// <summary>The current value.</summary>
    public static double Get(ParamGroup group, string key)
    {
        ArgumentNullException.ThrowIfNull(group);
        return key switch
        {
            "beta1" => group.GetPair("betas").First,
            "beta2" => group.GetPair("betas").Second,
            _ => group[key],
        };
    }

    /// <summary>Writes the value.</summary>
    public static void Set(ParamGroup group, string key, double value)
    {
        ArgumentNullException.ThrowIfNull(group);
        switch (key)
        {
            case "beta1":
                group.SetPair("betas", value, group.GetPair("betas").Second);
                break;
            case "beta2":
                group.SetPair("betas", group.GetPair("betas").First, value);
                break;
            default:
                group[key] = value;
                break;
        }
    }

    /// <summary>True when the group has the key (pairs count for beta1/beta2).</summary>
    public static bool Has(ParamGroup group, string key)
    {
        ArgumentNullException.ThrowIfNull(group);
        return key is "beta1" or "beta2" ? group.ContainsKey("betas") : group.ContainsKey(key) && group.GetValue(key) is double;
    }
}
