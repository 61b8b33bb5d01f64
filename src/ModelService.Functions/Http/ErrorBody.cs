namespace ModelService.Functions.Http;

public sealed record ErrorBody(string Error);
