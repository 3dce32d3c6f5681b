namespace HandoffRules.Host.Crm;

/// <summary>
/// HubSpot refused a write for good (404: no such contact; 400: a value its property does not
/// allow): sending it again cannot succeed, so the write-back is dead-lettered with HubSpot's message.
/// </summary>
public sealed class HubSpotApiException(string message) : Exception(message);
