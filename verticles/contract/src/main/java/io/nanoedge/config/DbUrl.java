package io.nanoedge.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** {@code db.url} parsed: {@code mysql://user:pass@host:port/db}. */
public record DbUrl(String user, String password, String host, int port, String database) {

  public static DbUrl parse(String url) {
    String error = "configuration key 'db.url' must look like mysql://user:pass@host:3306/db";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ConfigException(error + ", got an invalid URI");
    }
    if (!"mysql".equals(uri.getScheme()) && !"mariadb".equals(uri.getScheme())) {
      throw new ConfigException(error + " (scheme mysql)");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() == null) {
      throw new ConfigException(error + " (user and host are required)");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (path.isEmpty()) {
      throw new ConfigException(error + " (the database name is required)");
    }
    String[] userInfo = uri.getRawUserInfo().split(":", 2);
    return new DbUrl(decode(userInfo[0]), userInfo.length > 1 ? decode(userInfo[1]) : "", uri.getHost(),
        uri.getPort() < 0 ? 3306 : uri.getPort(), path);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The URL with its password replaced ({@code encodedPassword} already URL-encoded). */
  static String withPassword(String url, String encodedPassword) {
    if (url.isEmpty()) {
      throw new ConfigException("configuration key 'db.password-file' needs db.url to be set");
    }
    parse(url);
    int at = url.indexOf('@');
    int schemeEnd = url.indexOf("://") + 3;
    String user = url.substring(schemeEnd, at).split(":", 2)[0];
    return url.substring(0, schemeEnd) + user + ":" + encodedPassword + url.substring(at);
  }

  /** For logs: never the password. */
  @Override
  public String toString() {
    return "mysql://" + user + ":***@" + host + ":" + port + "/" + database;
  }
}
