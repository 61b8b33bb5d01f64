using System.Net;

namespace ModelService.FunctionsHost.Tests;

[Collection(HostCollection.Name)]
public sealed class OutputBindingTests
{
    private readonly HostFixture _fixture;

    public OutputBindingTests(HostFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Http_function_queue_output_is_written_with_the_response()
    {
        var text = $"enqueued-{Guid.NewGuid():N}";

        using var response = await _fixture.Http.PostAsync("test/enqueue", new StringContent(text));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The host writes outputs before it finishes the response, so the message is there already.
        Assert.Contains(text, await _fixture.PeekAsync(_fixture.OutputQueue));
    }

    [Fact]
    public async Task Blob_output_path_takes_route_values_and_app_settings()
    {
        var name = $"blob-{Guid.NewGuid():N}";

        using var response = await _fixture.Http.PutAsync($"test/blobs/{name}", new StringContent("blob content"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var blob = _fixture.Container(_fixture.OutputContainer).GetBlobClient($"{name}.txt");
        var content = await blob.DownloadContentAsync();
        Assert.Equal("blob content", content.Value.Content.ToString());
    }
}
