package io.nanoedge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** What the scanner at {@code location} saw during its window, de-duplicated by hash. */
public record ScanResult(String location, List<TagSighting> tags) implements BusMessage {
  private static final Set<String> FIELDS = Set.of("location", "tags");

  public ScanResult {
    Fields.location(location, "location");
    if (tags.size() > Fields.MAX_TAGS) {
      throw NanoException.badRequest("field 'tags' may hold at most " + Fields.MAX_TAGS + " tags");
    }
    tags = List.copyOf(tags);
  }

  public static ScanResult fromJson(JsonObject json) {
    Fields.onlyKnown(json, FIELDS);
    return new ScanResult(Fields.requireString(json, "location"),
        Fields.objectList(json, "tags", true, TagSighting::fromJson));
  }

  public List<String> hashes() {
    return tags.stream().map(TagSighting::hash).toList();
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("location", location)
        .put("tags", Fields.toArray(tags.stream().map(TagSighting::toJson).toList()));
  }
}
