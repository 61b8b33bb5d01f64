namespace ModelService.Core;

/// <summary>Marks in a service collection that <typeparamref name="TOptions"/> is already bound and validated.</summary>
internal sealed class ValidatedOptionsMarker<TOptions>
    where TOptions : class;
