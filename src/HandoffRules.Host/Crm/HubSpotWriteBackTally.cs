namespace HandoffRules.Host.Crm;

/// <summary>
/// The HubSpot write-backs queued, by what they set: how a simulation of a HubSpot-synced
/// playbook tells what it would write to HubSpot in a week (requests, not contacts).
/// </summary>
public sealed class HubSpotWriteBackTally
{
    /// <summary>Contact updates (one PATCH each; a stage cleared first makes it two).</summary>
    public int ContactUpdates { get; private set; }

    /// <summary>Contact updates that set the owner.</summary>
    public int Owners { get; private set; }

    /// <summary>Contact updates that set the lead status.</summary>
    public int Statuses { get; private set; }

    /// <summary>Contact updates that set the lifecycle stage.</summary>
    public int Stages { get; private set; }

    /// <summary>Contact updates that clear the lifecycle stage first, to move it back.</summary>
    public int StagesCleared { get; private set; }

    /// <summary>Contact updates that set the reject or recycle reason.</summary>
    public int Reasons { get; private set; }

    /// <summary>Tasks created for the lead's owner.</summary>
    public int Tasks { get; private set; }

    /// <summary>All write-backs queued.</summary>
    public int Total => ContactUpdates + Tasks;

    /// <summary>Counts one queued write-back.</summary>
    /// <param name="write">The write-back.</param>
    /// <param name="statusProperty">The mapping's status property.</param>
    /// <param name="stageProperty">The mapping's stage property.</param>
    /// <param name="reasonProperty">The mapping's reason property, or null.</param>
    public void Add(HubSpotWriteBack write, string statusProperty, string stageProperty, string? reasonProperty)
    {
        if (write.Task is not null)
        {
            Tasks++;
            return;
        }

        ContactUpdates++;
        Owners += write.Owner is null ? 0 : 1;
        var properties = write.Properties ?? new Dictionary<string, string>();
        Statuses += properties.ContainsKey(statusProperty) ? 1 : 0;
        Stages += properties.ContainsKey(stageProperty) ? 1 : 0;
        StagesCleared += write.ClearStage is null ? 0 : 1;
        Reasons += reasonProperty is not null && properties.ContainsKey(reasonProperty) ? 1 : 0;
    }
}
