using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Platform.Crds.Istio;
using Platform.Registry.Validation;
using static Platform.Registry.Tests.Validation.ServiceEntryFixtures;

namespace Platform.Registry.Tests.Validation;

public sealed class ServiceEntryValidationRegistrationTests
{
    [Fact]
    public void Registers_one_validator_honouring_the_given_options()
    {
        using var provider = new ServiceCollection()
            .AddServiceEntryValidation(new ServiceEntryValidationOptions { IpAutoAllocation = false })
            .BuildServiceProvider();

        var validator = provider.GetRequiredService<ServiceEntryValidator>();
        var entry = Entry(["db.example.com"], [Port(5432, "TCP", "pg")], ServiceEntryResolution.Dns);

        Assert.Same(validator, provider.GetRequiredService<IValidator<ServiceEntry>>());
        Assert.Single(validator.Evaluate(entry).Warnings);
    }

    [Fact]
    public void Defaults_to_auto_allocation_on()
    {
        using var provider = new ServiceCollection().AddServiceEntryValidation().BuildServiceProvider();

        var entry = Entry(["db.example.com"], [Port(5432, "TCP", "pg")], ServiceEntryResolution.Dns);

        Assert.Empty(provider.GetRequiredService<ServiceEntryValidator>().Evaluate(entry).Warnings);
    }
}
