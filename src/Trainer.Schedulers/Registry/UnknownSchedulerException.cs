using Training.Optim;

namespace Training.Schedulers;

/// <summary>An unregistered scheduler name; the message lists the registered names and the closest one.</summary>
public sealed class UnknownSchedulerException(string name, IReadOnlyCollection<string> registered, string settingName = "LrSchedulerType")
    : UnknownNameException("scheduler", name, registered, settingName);
