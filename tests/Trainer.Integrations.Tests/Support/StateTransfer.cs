namespace Training.Integrations.Tests.Support;

/// <summary>How the resume tests move an optimizer's state into a fresh optimizer: in memory, or through optimizer.pt.</summary>
internal static class StateTransfer
{
    /// <summary>
    /// Loads <paramref name="from"/>'s state into <paramref name="to"/>: through a temporary torch.save file (deleted
    /// afterwards) when <paramref name="viaFile"/>, else from the in-memory state dict.
    /// </summary>
    public static void Copy(Optimizer from, Optimizer to, bool viaFile)
    {
        if (!viaFile)
        {
            var dict = from.StateDict();
            to.LoadStateDict(dict);
            DisposeCreatedTensors(from, dict);
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), $"optimizer-{Guid.NewGuid():N}.pt");
        try
        {
            from.SaveStateDict(path);
            to.LoadStateDict(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // StateDict() lends the live state tensors but writes some numbers (e.g. torch's tensor 'step') as new 0-dim
    // tensors, which the caller owns: release those, so the tests' leak checks see only the optimizers' own tensors.
    private static void DisposeCreatedTensors(Optimizer from, OrderedDictionary<object, object?> dict)
    {
        var live = new HashSet<Tensor>(from.Parameters.Select(from.GetState).OfType<ParameterState>()
            .SelectMany(s => s.Entries.Select(e => e.Value).OfType<Tensor>()), ReferenceEqualityComparer.Instance);
        foreach (var entries in ((System.Collections.IDictionary)dict["state"]!).Values.OfType<System.Collections.IDictionary>())
            foreach (var value in entries.Values)
                if (value is Tensor t && !live.Contains(t)) t.Dispose();
    }
}
