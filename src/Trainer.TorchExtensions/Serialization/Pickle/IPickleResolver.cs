namespace Training.TorchExtensions;

/// <summary>
/// The four opcodes through which a pickle reaches beyond plain data. <see cref="PickleReader"/>
/// handles everything else itself and asks the resolver here, so what a file may do is decided in one
/// place (the allow-list of <see cref="TorchPickleResolver"/>).
/// </summary>
internal interface IPickleResolver
{
    /// <summary>GLOBAL / STACK_GLOBAL: the object standing for <c>module.name</c>; throws when it is not allowed.</summary>
    object ResolveGlobal(string module, string name);

    /// <summary>REDUCE: calls a resolved global with positional arguments.</summary>
    object? Call(object? callable, object?[] arguments);

    /// <summary>BINPERSID: the object a persistent id stands for (a tensor storage).</summary>
    object? PersistentLoad(object? id);

    /// <summary>BUILD: applies <paramref name="state"/> to <paramref name="target"/> (or refuses).</summary>
    void Build(object? target, object? state);
}
