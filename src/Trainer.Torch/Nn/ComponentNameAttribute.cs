namespace Training.Torch;

/// <summary>
/// Renames a field (or an auto-property's backing field) when <see cref="torch.nn.Module.RegisterComponents"/>
/// registers it, e.g. to keep PyTorch's state_dict key names while following .NET field naming.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class ComponentNameAttribute : Attribute
{
    /// <summary>The name the component is registered under (no '.').</summary>
    public string Name { get; set; } = "";
}
