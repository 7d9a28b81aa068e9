package dev.tandem.jdbc;

import dev.tandem.rewrite.ParameterMap;
import java.sql.ParameterMetaData;
import java.sql.SQLException;

/**
 * Parameter metadata of a rewritten statement, answered in the application's parameter indexes:
 * index {@code i} is described by the first statement index it is bound to.
 */
final class MappedParameterMetaData implements ParameterMetaData {
  private final ParameterMetaData delegate;
  private final ParameterMap map;

  MappedParameterMetaData(ParameterMetaData delegate, ParameterMap map) {
    this.delegate = delegate;
    this.map = map;
  }

  private int at(int param) throws SQLException {
    return map.targetsOf(param)[0];
  }

  @Override
  public int getParameterCount() {
    return map.applicationCount();
  }

  @Override
  public int isNullable(int param) throws SQLException {
    return delegate.isNullable(at(param));
  }

  @Override
  public boolean isSigned(int param) throws SQLException {
    return delegate.isSigned(at(param));
  }

  @Override
  public int getPrecision(int param) throws SQLException {
    return delegate.getPrecision(at(param));
  }

  @Override
  public int getScale(int param) throws SQLException {
    return delegate.getScale(at(param));
  }

  @Override
  public int getParameterType(int param) throws SQLException {
    return delegate.getParameterType(at(param));
  }

  @Override
  public String getParameterTypeName(int param) throws SQLException {
    return delegate.getParameterTypeName(at(param));
  }

  @Override
  public String getParameterClassName(int param) throws SQLException {
    return delegate.getParameterClassName(at(param));
  }

  @Override
  public int getParameterMode(int param) throws SQLException {
    return delegate.getParameterMode(at(param));
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Wrappers.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Wrappers.isWrapperFor(this, delegate, iface);
  }
}
