using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Crds.Istio;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Registry.Tests.Crds;

/// <summary>The CRD-level surface Istio's own CRD has: names, versions, printer columns, field names, CEL rules.</summary>
public sealed class ServiceEntryCrdAttributeTests
{
    public static TheoryData<Type, string> Versions => new()
    {
        { typeof(V1ServiceEntry), "v1" },
        { typeof(V1Beta1ServiceEntry), "v1beta1" },
        { typeof(V1Alpha3ServiceEntry), "v1alpha3" },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public void Each_version_is_served_under_Istios_group_kind_and_names(Type type, string version)
    {
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()!;

        Assert.Equal("networking.istio.io", entity.Group);
        Assert.Equal(version, entity.ApiVersion);
        Assert.Equal("ServiceEntry", entity.Kind);
        Assert.Equal("serviceentries", entity.PluralName);
        Assert.Equal(["se"], type.GetCustomAttribute<KubernetesEntityShortNamesAttribute>()!.ShortNames);
        Assert.Equal(EntityScope.Namespaced, type.GetCustomAttribute<EntityScopeAttribute>()!.Scope);
        Assert.True(typeof(ServiceEntry).IsAssignableFrom(type));
        Assert.Equal(version == "v1", type.GetCustomAttribute<StorageVersionAttribute>() is not null);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Each_version_has_Istios_printer_columns(Type type, string version)
    {
        var columns = type.GetCustomAttributes<GenericAdditionalPrinterColumnAttribute>().Select(c => (c.Name, c.JsonPath, c.Type)).ToList();

        Assert.Equal(
            [("Hosts", ".spec.hosts", "string"), ("Location", ".spec.location", "string"), ("Resolution", ".spec.resolution", "string"), ("Age", ".metadata.creationTimestamp", "date")],
            columns);
        Assert.False(string.IsNullOrEmpty(version));
    }

    [Fact]
    public void New_entities_carry_their_apiVersion_and_kind()
    {
        Assert.Equal("networking.istio.io/v1", new V1ServiceEntry().ApiVersion);
        Assert.Equal("networking.istio.io/v1beta1", new V1Beta1ServiceEntry().ApiVersion);
        Assert.Equal("networking.istio.io/v1alpha3", new V1Alpha3ServiceEntry().ApiVersion);
        Assert.Equal("ServiceEntry", new V1Alpha3ServiceEntry().Kind);
    }

    [Theory]
    [InlineData(typeof(ServiceEntrySpec), "hosts,addresses,ports,location,resolution,endpoints,workloadSelector,exportTo,subjectAltNames")]
    [InlineData(typeof(ServicePort), "number,protocol,name,targetPort")]
    [InlineData(typeof(WorkloadEntrySpec), "address,ports,labels,network,locality,weight,serviceAccount")]
    [InlineData(typeof(WorkloadSelector), "labels")]
    [InlineData(typeof(ServiceEntryStatus), "conditions,validationMessages,observedGeneration,addresses")]
    [InlineData(typeof(ServiceEntryAddress), "value,host")]
    [InlineData(typeof(IstioCondition), "type,status,lastProbeTime,lastTransitionTime,reason,message,observedGeneration")]
    [InlineData(typeof(AnalysisMessageBase), "type,level,documentationUrl")]
    [InlineData(typeof(AnalysisMessageType), "name,code")]
    public void Every_upstream_field_is_present_with_its_JSON_name(Type type, string fields)
    {
        var names = type.GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name).ToList();

        Assert.Equal(fields.Split(','), names);
    }

    [Fact]
    public void Spec_level_CEL_rules_match_Istios_CRD()
    {
        var rules = typeof(ServiceEntrySpec).GetCustomAttributes<ValidationRuleAttribute>().ToDictionary(r => r.Message!, r => r.Rule);

        Assert.Equal(
            ["only one of WorkloadSelector or Endpoints can be set", "CIDR addresses are allowed only for NONE/STATIC resolution types", "NONE mode cannot set endpoints", "DNS_ROUND_ROBIN mode cannot have multiple endpoints"],
            rules.Keys);
        Assert.Equal("(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1", rules["only one of WorkloadSelector or Endpoints can be set"]);
        Assert.Equal("((has(self.resolution) ? self.resolution : \"NONE\") == \"NONE\") ? !has(self.endpoints) : true", rules["NONE mode cannot set endpoints"]);
    }

    [Fact]
    public void Hosts_are_required_bounded_and_never_a_bare_wildcard()
    {
        var hosts = typeof(ServiceEntrySpec).GetProperty(nameof(ServiceEntrySpec.Hosts))!;

        Assert.NotNull(hosts.GetCustomAttribute<RequiredAttribute>());
        var items = hosts.GetCustomAttribute<ItemsAttribute>()!;
        Assert.Equal((1, 256), (items.MinItems, items.MaxItems));
        var rule = Assert.Single(hosts.GetCustomAttributes<ValidationRuleAttribute>());
        Assert.Equal("hostname cannot be wildcard", rule.Message);
    }

    [Fact]
    public void Ports_are_a_map_list_keyed_by_name_with_unique_numbers()
    {
        var ports = typeof(ServiceEntrySpec).GetProperty(nameof(ServiceEntrySpec.Ports))!;

        Assert.Equal(XListType.Map, ports.GetCustomAttribute<XListTypeAttribute>()!.ListType);
        Assert.Equal(["name"], ports.GetCustomAttribute<XListMapKeysAttribute>()!.Keys);
        Assert.Equal(256, ports.GetCustomAttribute<ItemsAttribute>()!.MaxItems);
        var rule = Assert.Single(ports.GetCustomAttributes<ValidationRuleAttribute>());
        Assert.Equal(("self.all(l1, self.exists_one(l2, l1.number == l2.number))", "port number cannot be duplicated"), (rule.Rule, rule.Message));
    }

    [Theory]
    [InlineData(nameof(ServicePort.Number))]
    [InlineData(nameof(ServicePort.TargetPort))]
    public void Port_numbers_are_checked_by_CEL(string property)
    {
        var rule = Assert.Single(typeof(ServicePort).GetProperty(property)!.GetCustomAttributes<ValidationRuleAttribute>());

        Assert.Equal(("0 < self && self <= 65535", "port must be between 1-65535"), (rule.Rule, rule.Message));
    }

    [Fact]
    public void Port_number_and_name_are_required()
    {
        Assert.NotNull(typeof(ServicePort).GetProperty(nameof(ServicePort.Number))!.GetCustomAttribute<RequiredAttribute>());
        Assert.NotNull(typeof(ServicePort).GetProperty(nameof(ServicePort.Name))!.GetCustomAttribute<RequiredAttribute>());
    }

    [Fact]
    public void Endpoint_rules_match_Istios_CRD()
    {
        var objectRules = typeof(WorkloadEntrySpec).GetCustomAttributes<ValidationRuleAttribute>().Select(r => r.Message).ToList();
        var addressRules = typeof(WorkloadEntrySpec).GetProperty(nameof(WorkloadEntrySpec.Address))!.GetCustomAttributes<ValidationRuleAttribute>().Select(r => r.Message).ToList();
        var portRules = typeof(WorkloadEntrySpec).GetProperty(nameof(WorkloadEntrySpec.Ports))!.GetCustomAttributes<ValidationRuleAttribute>().Select(r => r.Message).ToList();

        Assert.Equal(["Address is required", "UDS may not include ports"], objectRules);
        Assert.Equal(["UDS must be an absolute path or abstract socket", "UDS may not be a dir"], addressRules);
        Assert.Equal(["port name must be valid", "port must be between 1-65535"], portRules);
        Assert.Equal(256, typeof(WorkloadEntrySpec).GetProperty(nameof(WorkloadEntrySpec.Address))!.GetCustomAttribute<LengthAttribute>()!.MaxLength);
        Assert.Equal(4096, typeof(ServiceEntrySpec).GetProperty(nameof(ServiceEntrySpec.Endpoints))!.GetCustomAttribute<ItemsAttribute>()!.MaxItems);
    }

    [Fact]
    public void Selector_label_values_reject_wildcards_in_the_CRD()
    {
        var labels = typeof(WorkloadSelector).GetProperty(nameof(WorkloadSelector.Labels))!;

        Assert.Contains(labels.GetCustomAttributes<ValidationRuleAttribute>(), r => r.Message == "wildcard is not supported in selector");
        Assert.Equal(256, labels.GetCustomAttribute<PropertyLimitsAttribute>()!.MaxProperties);
    }

    [Fact]
    public void Enums_list_Istios_string_values()
    {
        var location = typeof(ServiceEntrySpec).GetProperty(nameof(ServiceEntrySpec.Location))!.GetCustomAttribute<EnumValuesAttribute>()!;
        var resolution = typeof(ServiceEntrySpec).GetProperty(nameof(ServiceEntrySpec.Resolution))!.GetCustomAttribute<EnumValuesAttribute>()!;

        Assert.Equal(["MESH_EXTERNAL", "MESH_INTERNAL"], location.Values);
        Assert.Equal(["NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN", "DYNAMIC_DNS"], resolution.Values);
    }

    [Fact]
    public void Status_keeps_fields_written_by_others()
    {
        Assert.NotNull(typeof(ServiceEntryStatus).GetCustomAttribute<PreserveUnknownFieldsAttribute>());
    }

    [Fact]
    public void Every_spec_field_has_a_description_for_kubectl_explain()
    {
        Type[] types = [typeof(ServiceEntrySpec), typeof(ServicePort), typeof(WorkloadEntrySpec), typeof(WorkloadSelector), typeof(ServiceEntryStatus)];

        var undocumented = types.SelectMany(t => t.GetProperties().Where(p => p.GetCustomAttribute<DescriptionAttribute>() is null).Select(p => $"{t.Name}.{p.Name}")).ToList();

        Assert.Empty(undocumented);
    }
}
