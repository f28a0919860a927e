package io.nanoedge.coap;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAPMessageFormatException;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.elements.util.DatagramReader;

/**
 * Californium's UDP parser, except that a block whose payload is larger than the block size its own Block1/Block2
 * option announces is a malformed message. Californium's parser throws a plain {@link IllegalStateException} there,
 * which its endpoint does not expect: it logs every such datagram at ERROR with no peer named ("coap exception in
 * protocol stage thread"), so a stranger could fill a node's log at a datagram a second, and the sender hears
 * nothing. As a {@link CoAPMessageFormatException} it takes Californium's own path for malformed messages: a
 * confirmable request is answered 4.00 with the reason as payload, the rest is dropped, logged at DEBUG.
 */
public final class StrictBlockParser extends UdpDataParser {
  @Override
  public void parseOptionsAndPayload(DatagramReader reader, Message message) {
    try {
      super.parseOptionsAndPayload(reader, message);
    } catch (IllegalStateException oversize) {
      throw new CoAPMessageFormatException(oversize.getMessage(), message.getToken(), message.getMID(),
          message.getRawCode(), message.isConfirmable(), ResponseCode.BAD_REQUEST);
    }
  }
}
