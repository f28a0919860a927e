package io.nanoedge.device.ble;

import io.nanoedge.bus.NanoException;
import io.nanoedge.bus.TagHash;
import io.nanoedge.bus.TagSighting;
import io.nanoedge.device.driver.TagScanner.RawSighting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a scan's raw sightings into what may leave the node: keyed hashes (never raw ids), each once with
 * its strongest RSSI, none below the RSSI floor, strongest first. Ids that are no tag id at all (a
 * malformed advertisement) are dropped without being logged.
 */
public final class TagSightings {
  private final TagHash tagHash;
  private final int rssiFloor;

  public TagSightings(TagHash tagHash, int rssiFloor) {
    this.tagHash = tagHash;
    this.rssiFloor = rssiFloor;
  }

  public List<TagSighting> hashed(List<RawSighting> raw) {
    Map<String, Integer> strongest = new LinkedHashMap<>();
    for (RawSighting s : raw) {
      if (s.rssi() < rssiFloor || s.rssi() > 20) {
        continue;
      }
      String hash;
      try {
        hash = tagHash.hash(s.rawId());
      } catch (NanoException e) {
        continue;
      }
      strongest.merge(hash, s.rssi(), Math::max);
    }
    List<TagSighting> out = new ArrayList<>();
    strongest.forEach((hash, rssi) -> out.add(new TagSighting(hash, rssi)));
    out.sort(Comparator.comparingInt(TagSighting::rssi).reversed());
    return out;
  }
}
