namespace ModelService.FunctionsHost.Http;

/// <summary>Endpoint metadata: which function a matched route invokes, and the name of its trigger binding.</summary>
internal sealed record HttpFunction(string Name, string TriggerBinding, string RouteTemplate, IReadOnlyList<string> Methods);
