namespace Training.Optim;

/// <summary>An optimizer name that is not registered; the message lists the registered names and the closest one.</summary>
public sealed class UnknownOptimizerException(string name, IReadOnlyCollection<string> registered, string settingName = "Optim")
    : UnknownNameException("optimizer", name, registered, settingName);
