using FluentValidation;
using k8s.Models;
using Platform.LoadBalancer.Selection;

namespace Platform.LoadBalancer.Validation;

/// <summary>Validation of label selector lists, shared by the MetalLB validators.</summary>
internal static class SelectorRules
{
    /// <summary>Reports every invalid selector of a list under <paramref name="path"/>[i].</summary>
    public static void Check<T>(IEnumerable<V1LabelSelector>? selectors, string path, ValidationContext<T> context)
    {
        var i = 0;
        foreach (var selector in selectors ?? [])
        {
            if (selector is null)
            {
                context.AddFailure($"{path}[{i}]", "a label selector must not be null");
            }
            else
            {
                LabelSelectorMatcher.Compile(selector, out var errors);
                foreach (var error in errors)
                {
                    context.AddFailure($"{path}[{i}]", $"invalid label selector: {error}");
                }
            }

            i++;
        }
    }
}
