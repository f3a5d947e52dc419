using NUnit.Framework;

namespace Training.Testing.Contract;

/// <summary>Builds the entries a test project runs the contract over, and their NUnit cases.</summary>
public static class ContractEntries
{
    /// <summary>
    /// One entry per registry name: the <paramref name="documented"/> one where given, else one with every check as
    /// written. A documented entry whose name is not registered is an error (it would otherwise silently check nothing).
    /// </summary>
    public static IReadOnlyList<ContractEntry> For(IEnumerable<string> registryNames, params ContractEntry[] documented)
    {
        ArgumentNullException.ThrowIfNull(registryNames);
        ArgumentNullException.ThrowIfNull(documented);
        var names = registryNames.ToList();
        var byName = documented.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var unknown = byName.Keys.Except(names, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"documented contract entries that are not registered: {string.Join(", ", unknown)}", nameof(documented));
        return names.Select(n => byName.GetValueOrDefault(n) ?? new ContractEntry(n)).ToList();
    }

    /// <summary>One NUnit case per entry, named <c>Contract.&lt;check&gt;.&lt;entry&gt;</c>.</summary>
    public static IEnumerable<TestCaseData> Cases(IEnumerable<ContractEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Select(e => new TestCaseData(e).SetName($"Contract.{{m}}.{e.Name}"));
    }
}
