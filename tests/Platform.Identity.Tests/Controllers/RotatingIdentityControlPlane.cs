using Microsoft.Extensions.Time.Testing;

namespace Platform.Identity.Tests.Controllers;

/// <summary>An <see cref="IdentityControlPlane"/> whose identity clock (CA rotation, SVID validity) is a fake the test moves.</summary>
public sealed class RotatingIdentityControlPlane : IAsyncLifetime
{
    public RotatingIdentityControlPlane() => Plane = new IdentityControlPlane { IdentityTime = Time };

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public IdentityControlPlane Plane { get; }

    public Task InitializeAsync() => Plane.InitializeAsync();

    public Task DisposeAsync() => Plane.DisposeAsync();
}
