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
            // Every tensor of the state dict belongs to 'from' (its 'step' tensors included): nothing to free here.
            to.LoadStateDict(from.StateDict());
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
}
