namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Marks the version stored in etcd when several versions of a kind are served.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StorageVersionAttribute : Attribute
{

}
