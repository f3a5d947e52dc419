namespace Training.Schedulers;

/// <summary>Builds a scheduler from a request; registered under a name.</summary>
public delegate Scheduler SchedulerFactory(SchedulerRequest request, IServiceProvider services);
