using Microsoft.Extensions.Options;

namespace Platform.LoadBalancer.Configuration;

/// <summary>Runs <see cref="LoadBalancerOptionsValidator"/> for the options system, reporting every problem.</summary>
internal sealed class LoadBalancerOptionsValidation : IValidateOptions<LoadBalancerOptions>
{
    private readonly LoadBalancerOptionsValidator validator = new();

    public ValidateOptionsResult Validate(string? name, LoadBalancerOptions options)
    {
        var result = validator.Validate(options);
        return result.IsValid
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(result.Errors.Select(e => $"{LoadBalancerOptions.SectionName}:{e.PropertyName}: {e.ErrorMessage}"));
    }
}
