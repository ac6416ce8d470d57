namespace Platform.Testing.FakeApi;

/// <summary>Where the fake stores an object: group/plural, namespace ("" for cluster-scoped), name.</summary>
internal readonly record struct FakeObjectKey(string Collection, string Namespace, string Name);
