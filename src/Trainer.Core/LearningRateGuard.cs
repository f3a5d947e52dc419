using System.Globalization;
using Training.Optim;

namespace Training.Core;

/// <summary>
/// Checks the learning rates an update is about to use: a NaN, infinite or negative <c>lr</c> in any parameter
/// group (a scheduler fed <c>power=NaN</c>, a corrupted <c>base_lrs</c>, a negative <c>last_epoch</c>) would
/// otherwise be applied and corrupt every parameter, silently.
/// </summary>
internal static class LearningRateGuard
{
    /// <summary>The first bad learning rate as "parameter group i: lr = v", or null when all are finite and ≥ 0.</summary>
    public static string? Problem(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        for (var i = 0; i < optimizer.ParamGroups.Count; i++)
        {
            var lr = optimizer.ParamGroups[i].GetValue("lr") is double d ? d : double.NaN;
            if (!(lr >= 0) || double.IsPositiveInfinity(lr))
                return $"parameter group {i.ToString(CultureInfo.InvariantCulture)}: lr = {lr.ToString("R", CultureInfo.InvariantCulture)}";
        }

        return null;
    }
}
