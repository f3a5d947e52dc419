using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Training.TorchExtensions;

/// <summary>
/// Recognises the dictionaries torch.save accepts: anything implementing <see cref="IDictionary"/>
/// (Dictionary, OrderedDictionary, SortedDictionary ...) and generic dictionaries that only implement
/// <c>IReadOnlyDictionary&lt;K,V&gt;</c> or <c>IDictionary&lt;K,V&gt;</c>, read through their
/// <see cref="KeyValuePair{TKey,TValue}"/> items.
/// </summary>
internal static class PickleDictionaries
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Key, PropertyInfo Value)?> PairAccessors = new();

    /// <summary>The entries in enumeration order, or null when <paramref name="value"/> is not a dictionary.</summary>
    public static IEnumerable<(object? Key, object? Value)>? Entries(object value)
    {
        if (value is IDictionary dictionary) return NonGeneric(dictionary);
        var accessors = PairAccessors.GetOrAdd(value.GetType(), FindPairType);
        return accessors is { } a && value is IEnumerable items ? Generic(items, a.Key, a.Value) : null;
    }

    private static IEnumerable<(object? Key, object? Value)> NonGeneric(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary) yield return (entry.Key, entry.Value);
    }

    private static IEnumerable<(object? Key, object? Value)> Generic(IEnumerable items, PropertyInfo key, PropertyInfo value)
    {
        foreach (var item in items) yield return (key.GetValue(item), value.GetValue(item));
    }

    private static (PropertyInfo Key, PropertyInfo Value)? FindPairType(Type type)
    {
        foreach (var candidate in type.GetInterfaces())
        {
            if (!candidate.IsGenericType) continue;
            var definition = candidate.GetGenericTypeDefinition();
            if (definition != typeof(IReadOnlyDictionary<,>) && definition != typeof(IDictionary<,>)) continue;
            var pair = typeof(KeyValuePair<,>).MakeGenericType(candidate.GetGenericArguments());
            return (pair.GetProperty("Key")!, pair.GetProperty("Value")!);
        }

        return null;
    }
}
