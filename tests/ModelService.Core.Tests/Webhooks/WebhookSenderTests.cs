using ModelService.Core.Webhooks;

namespace ModelService.Core.Tests.Webhooks;

public sealed class WebhookSenderTests
{
    [Fact]
    public async Task A_name_that_rebinds_to_loopback_after_submission_is_not_connected()
    {
        using var receiver = new AnyHostReceiver();
        using var services = new WebhookServices(allowPrivate: false);
        services.Hosts.Set("rebind.example", "93.184.215.14");
        await services.Targets.ValidateAsync("https://rebind.example/hook", CancellationToken.None);
        services.Hosts.Set("rebind.example", "127.0.0.1");

        var attempt = await services.Sender.SendAsync(new Uri($"http://rebind.example:{receiver.Port}/hook"), WebhookSignature.NewSecret(), "m1", "{}", CancellationToken.None);

        Assert.Equal(new WebhookAttempt(false, "not reachable (ConnectionError)"), attempt);
        Assert.Equal(0, receiver.Connections);
    }

    [Fact]
    public async Task The_same_name_reaches_the_receiver_where_private_targets_are_allowed()
    {
        using var receiver = new AnyHostReceiver();
        using var services = new WebhookServices(allowPrivate: true);
        services.Hosts.Set("rebind.example", "127.0.0.1");

        var attempt = await services.Sender.SendAsync(new Uri($"http://rebind.example:{receiver.Port}/hook"), WebhookSignature.NewSecret(), "m1", "{}", CancellationToken.None);

        Assert.Equal(new WebhookAttempt(true, "delivered (204)"), attempt);
        Assert.Equal(1, receiver.Connections);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_ends_the_attempt_at_the_timeout()
    {
        using var receiver = new WebhookReceiver(ReceiverBehaviour.Hang);
        using var services = new WebhookServices(allowPrivate: true, timeoutSeconds: 1);

        var attempt = await services.Sender.SendAsync(receiver.Url, WebhookSignature.NewSecret(), "m1", "{}", CancellationToken.None);

        Assert.Equal(new WebhookAttempt(false, "timed out"), attempt);
    }

    [Fact]
    public async Task Only_the_status_is_read_of_a_receiver_that_sends_a_body_without_end()
    {
        using var receiver = new WebhookReceiver(ReceiverBehaviour.EndlessBody);
        using var services = new WebhookServices(allowPrivate: true, timeoutSeconds: 2);

        var attempt = await services.Sender.SendAsync(receiver.Url, WebhookSignature.NewSecret(), "m1", "{}", CancellationToken.None);

        Assert.Equal(new WebhookAttempt(true, "delivered (200)"), attempt);
    }
}
