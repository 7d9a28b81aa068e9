package dev.tandem.benchmark;

import java.util.Properties;
import org.apache.shardingsphere.encrypt.spi.EncryptAlgorithm;
import org.apache.shardingsphere.encrypt.spi.EncryptAlgorithmMetaData;
import org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration;
import org.apache.shardingsphere.infra.algorithm.core.context.AlgorithmSQLContext;

/**
 * ShardingSphere's encrypt SPI with no cipher: the value is written as it is, so the peer's database
 * work is a plain write of the physical column, like Tandem's copy. Registered in
 * {@code META-INF/services}; type {@code TANDEM_IDENTITY}.
 */
public final class IdentityEncryptAlgorithm implements EncryptAlgorithm {
  static final String TYPE = "TANDEM_IDENTITY";
  private static final EncryptAlgorithmMetaData META_DATA = new EncryptAlgorithmMetaData(true, true, false);

  @Override
  public Object encrypt(Object plainValue, AlgorithmSQLContext context) {
    return plainValue;
  }

  @Override
  public Object decrypt(Object cipherValue, AlgorithmSQLContext context) {
    return cipherValue;
  }

  @Override
  public EncryptAlgorithmMetaData getMetaData() {
    return META_DATA;
  }

  @Override
  public AlgorithmConfiguration toConfiguration() {
    return new AlgorithmConfiguration(TYPE, new Properties());
  }

  @Override
  public String getType() {
    return TYPE;
  }
}
