using System.Collections;
using System.Globalization;
using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>
/// A list of modules registered as children named by their index ("0", "1", ...), so that their parameters belong to
/// the module holding the list. Inserting or removing renumbers the children, as in PyTorch.
/// </summary>
public class ModuleList<T> : nn.Module, IList<T>
    where T : nn.Module
{
    private readonly List<T> items = [];

    /// <summary>Creates the list holding <paramref name="modules"/>.</summary>
    public ModuleList(params T[] modules)
        : base("ModuleList")
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules) Add(module);
    }

    /// <summary>The number of modules.</summary>
    public int Count => items.Count;

    /// <summary>Always false.</summary>
    public bool IsReadOnly => false;

    /// <summary>The module at <paramref name="index"/>; setting replaces it.</summary>
    public T this[int index]
    {
        get => items[index];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            items[index] = value;
            Renumber();
        }
    }

    /// <summary>Appends a module (PyTorch's name).</summary>
    public ModuleList<T> append(T module)
    {
        Add(module);
        return this;
    }

    /// <summary>Appends several modules.</summary>
    public ModuleList<T> extend(IEnumerable<T> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules) Add(module);
        return this;
    }

    /// <summary>Appends a module.</summary>
    public void Add(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        register_module(items.Count.ToString(CultureInfo.InvariantCulture), item);
        items.Add(item);
    }

    /// <summary>Inserts a module; later ones move up by one index.</summary>
    public void Insert(int index, T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        items.Insert(index, item);
        Renumber();
    }

    /// <summary>Removes the module at <paramref name="index"/> (without disposing it).</summary>
    public void RemoveAt(int index)
    {
        items.RemoveAt(index);
        Renumber();
    }

    /// <summary>Removes a module (without disposing it); false if absent.</summary>
    public bool Remove(T item)
    {
        var index = IndexOf(item);
        if (index < 0) return false;
        RemoveAt(index);
        return true;
    }

    /// <summary>Removes every module (without disposing them).</summary>
    public void Clear()
    {
        items.Clear();
        ClearModules();
    }

    /// <summary>The position of <paramref name="item"/> (by reference), or -1.</summary>
    public int IndexOf(T item) => items.FindIndex(m => ReferenceEquals(m, item));

    /// <summary>True when <paramref name="item"/> is in the list.</summary>
    public bool Contains(T item) => IndexOf(item) >= 0;

    /// <summary>Copies the modules into <paramref name="array"/>.</summary>
    public void CopyTo(T[] array, int arrayIndex) => items.CopyTo(array, arrayIndex);

    /// <summary>Enumerates the modules in order.</summary>
    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Children are keyed by position, so any change other than appending re-registers all of them.
    private void Renumber()
    {
        ClearModules();
        for (var i = 0; i < items.Count; i++) register_module(i.ToString(CultureInfo.InvariantCulture), items[i]);
    }
}

/// <summary>A list of modules of any kind (see <see cref="ModuleList{T}"/>).</summary>
public sealed class ModuleList : ModuleList<nn.Module>
{
    /// <summary>Creates the list holding <paramref name="modules"/>.</summary>
    public ModuleList(params nn.Module[] modules)
        : base(modules)
    {
    }
}
