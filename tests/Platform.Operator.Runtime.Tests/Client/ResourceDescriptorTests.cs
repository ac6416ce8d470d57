using k8s.Models;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Tests.Support;

namespace Platform.Operator.Runtime.Tests.Client;

public sealed class ResourceDescriptorTests
{
    [Fact]
    public void Custom_resources_take_their_path_from_the_KubernetesEntity_attribute()
    {
        var widgets = ResourceDescriptor.For<Widget>();

        Assert.Equal("apis/test.platform.io/v1/namespaces/ns/widgets", widgets.CollectionPath("ns"));
        Assert.Equal("apis/test.platform.io/v1/widgets", widgets.CollectionPath(null));
        Assert.Equal("apis/test.platform.io/v1/namespaces/ns/widgets/w/status", widgets.ObjectPath("ns", "w", "status"));
        Assert.Equal("test.platform.io/v1", widgets.ApiVersion);
        Assert.Throws<ArgumentException>(() => widgets.ObjectPath(null, "w"));
    }

    [Fact]
    public void Built_in_kinds_use_the_core_or_group_path_and_know_their_scope()
    {
        Assert.Equal("api/v1/namespaces/ns/services/s", ResourceDescriptor.For<V1Service>().ObjectPath("ns", "s"));
        Assert.Equal("api/v1/nodes/n1", ResourceDescriptor.For<V1Node>().ObjectPath("ignored", "n1"));
        Assert.False(ResourceDescriptor.For<V1Namespace>().IsNamespaced);
        Assert.False(ResourceDescriptor.For<V1CertificateSigningRequest>().IsNamespaced);
        Assert.Equal("apis/certificates.k8s.io/v1/certificatesigningrequests", ResourceDescriptor.For<V1CertificateSigningRequest>().CollectionPath(null));
        Assert.Equal("apis/discovery.k8s.io/v1/namespaces/ns/endpointslices", ResourceDescriptor.For<V1EndpointSlice>().CollectionPath("ns"));
        Assert.Equal("apis/coordination.k8s.io/v1/namespaces/kube-system/leases", ResourceDescriptor.For<V1Lease>().CollectionPath("kube-system"));
    }

    [Fact]
    public void A_type_without_KubernetesEntity_is_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => ResourceDescriptor.For<ProbeExit>());
        Assert.Contains("[KubernetesEntity]", error.Message, StringComparison.Ordinal);
    }
}
