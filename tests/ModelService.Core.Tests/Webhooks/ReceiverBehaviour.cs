namespace ModelService.Core.Tests.Webhooks;

internal enum ReceiverBehaviour
{
    Answer,
    Hang,
    EndlessBody,
}
